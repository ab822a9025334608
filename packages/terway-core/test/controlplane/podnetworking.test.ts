// The PodNetworking controller and webhooks, case by case after Terway's own tests
// (pkg/controller/pod-networking networking_test.go and predict_test.go,
// pkg/controller/webhook validate_test.go and mutating_test.go `TestPodNetworkingWebhook_*`).
// Each `it` names the Go test it reproduces; the code and the fixtures are ours.

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import {
  PodNetworkingController, podNetworkingRetryMs, vSwitchesChanged, wantsReconcile,
} from '../../src/controlplane/podnetworking-controller.js';
import {
  admitPodNetworking, type PodNetworkingWebhookOptions,
} from '../../src/controlplane/podnetworking-webhook.js';
import type { PodNetworking } from '../../src/ports/crd.js';
import { controlplaneRig, type ControlplaneRig } from './controlplane-rig.js';

function networking(spec: Partial<PodNetworking['spec']> = {},
  status: Partial<PodNetworking['status']> = {}): PodNetworking {
  return {
    metadata: { name: 'pn' },
    spec: { eniOptions: { eniType: 'Default' }, allocationType: { type: 'Elastic' },
      selector: {}, securityGroupIDs: ['sg-1'], vSwitchOptions: ['vsw-1'],
      vSwitchSelectOptions: {}, ...spec },
    status: { status: '', vSwitches: [], message: '', ...status },
  };
}

async function reconcile(rig: ControlplaneRig, name: string): Promise<unknown> {
  const controller = new PodNetworkingController(rig.runtime);
  return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler), name));
}

async function stored(rig: ControlplaneRig, name = 'pn'): Promise<PodNetworking> {
  return (await rig.crd.get('PodNetworking', { name }))!;
}

describe('Networking controller (networking_test.go)', () => {
  it('Reconcile not found: returns nil when PodNetworking is not found', async () => {
    const rig = controlplaneRig();
    expect(await reconcile(rig, 'absent')).toEqual({});
    expect(rig.cloud.openApi.calls).toHaveLength(0);
  });

  it('Reconcile no change and ready: returns early when status is Ready and spec matches status',
    async () => {
      const rig = controlplaneRig();
      const id = rig.cloud.vSwitch('vsw-a');
      await rig.crd.create('PodNetworking', networking({ vSwitchOptions: [id] },
        { status: 'Ready', vSwitches: [{ id, zone: 'somewhere' }] }));
      const before = (await stored(rig)).metadata.resourceVersion;
      expect(await reconcile(rig, 'pn')).toEqual({});
      expect((await stored(rig)).metadata.resourceVersion).toBe(before);
    });

  it('Create normal: Should create successfully (Ready, one vSwitch with its zone)', async () => {
    const rig = controlplaneRig();
    const id = rig.cloud.vSwitch('vsw-a');
    await rig.crd.create('PodNetworking', networking({ vSwitchOptions: [id] }));
    expect(await reconcile(rig, 'pn')).toEqual({});
    const status = (await stored(rig)).status;
    expect(status).toMatchObject({ status: 'Ready', message: '',
      vSwitches: [{ id, zone: rig.cloud.zones[0] }] });
    expect(status.updateAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('Create with not exist vSwitch: status Fail with the error, looked at again in 30 s',
    async () => {
      const rig = controlplaneRig();
      await rig.crd.create('PodNetworking', networking({ vSwitchOptions: ['vsw-not-exist'] }));
      expect(await reconcile(rig, 'pn')).toEqual({ requeueAfterMs: podNetworkingRetryMs });
      const status = (await stored(rig)).status;
      expect(status.status).toBe('Fail');
      expect(status.message).toContain('vsw-not-exist');
      expect(status.vSwitches).toEqual([]);
    });

  it('Modify config: three vSwitches in two zones, then two', async () => {
    const rig = controlplaneRig();
    const [a, b, c] = ['vsw-a', 'vsw-b', 'vsw-c'].map((name) => rig.cloud.vSwitch(name));
    await rig.crd.create('PodNetworking', networking({ vSwitchOptions: [a!, b!, c!] }));
    await reconcile(rig, 'pn');
    const first = await stored(rig);
    expect(first.status.vSwitches).toEqual([{ id: a, zone: rig.cloud.zones[0] },
      { id: b, zone: rig.cloud.zones[0] }, { id: c, zone: rig.cloud.zones[1] }]);
    await rig.crd.update('PodNetworking', { ...first, spec: { ...first.spec,
      vSwitchOptions: [a!, c!] } });
    expect(wantsReconcile('MODIFIED', await stored(rig))).toBe(true);
    await reconcile(rig, 'pn');
    expect((await stored(rig)).status).toMatchObject({ status: 'Ready',
      vSwitches: [{ id: a, zone: rig.cloud.zones[0] }, { id: c, zone: rig.cloud.zones[1] }] });
  });
});

describe('PodNetworking predicate (predict_test.go)', () => {
  const table: Array<{ name: string; status: PodNetworking['status']['status'];
    recorded: string[]; want: boolean }> = [
    { name: 'Status is empty string', status: '', recorded: ['vsw-1'], want: true },
    { name: 'Status is NetworkingStatusFail', status: 'Fail', recorded: ['vsw-1'], want: true },
    { name: 'Status is Ready and VSwitches changed', status: 'Ready', recorded: ['vsw-2'],
      want: true },
    { name: 'Status is Ready and VSwitches not changed', status: 'Ready', recorded: ['vsw-1'],
      want: false },
  ];
  for (const row of table) {
    it(`TestPredicateForPodNetworkingEvent_Update: ${row.name}`, () => {
      const pn = networking({ vSwitchOptions: ['vsw-1'] }, { status: row.status,
        vSwitches: row.recorded.map((id) => ({ id, zone: 'z' })) });
      expect(wantsReconcile('MODIFIED', pn)).toBe(row.want);
      expect(wantsReconcile('ADDED', pn)).toBe(true);
    });
  }

  it('Test_changed: un sorted (same set) is not a change; modify is', () => {
    const recorded = (ids: string[]): PodNetworking['status'] => ({ status: 'Ready',
      message: '', vSwitches: ids.map((id) => ({ id, zone: 'z' })) });
    expect(vSwitchesChanged(networking({ vSwitchOptions: ['a', 'b'] }, recorded(['b', 'a']))))
      .toBe(false);
    expect(vSwitchesChanged(networking({ vSwitchOptions: ['a', 'b'] }, recorded(['a', 'c']))))
      .toBe(true);
  });
});

describe('PodNetworking validating webhook (validate_test.go)', () => {
  const on: PodNetworkingWebhookOptions = { injectResource: true };
  const off: PodNetworkingWebhookOptions = { injectResource: false };
  const table: Array<{ name: string; pn: PodNetworking; options: PodNetworkingWebhookOptions;
    denied?: string }> = [
    { name: 'DeniesWhenVSwitchOptionsIsEmpty', pn: networking({ vSwitchOptions: [] }),
      options: on, denied: 'vSwitchOptions is not set' },
    { name: 'DeniesWhenSecurityGroupIDsIsEmpty', pn: networking({ securityGroupIDs: [] }),
      options: on, denied: 'security group is not set' },
    { name: 'DeniesWhenSecurityGroupIDsExceedsLimit', pn: networking({ securityGroupIDs:
      Array.from({ length: 11 }, (_, i) => `sg-${i}`) }), options: on,
    denied: 'security group can not more than 10' },
    { name: 'DeniesWhenReleaseAfterIsInvalid', pn: networking({ allocationType: { type: 'Fixed',
      releaseStrategy: 'TTL', releaseAfter: 'invalid' } }), options: on,
    denied: 'invalid releaseAfter invalid' },
    { name: 'AllowsWhenAllConditionsAreMet', pn: networking({ allocationType: { type: 'Fixed',
      releaseStrategy: 'TTL', releaseAfter: '1h' } }), options: on },
    { name: 'AllowsENIAttachTypeWhenWebhookInjectionEnabled', pn: networking({ eniOptions:
      { eniType: 'ENI' } }), options: on },
    { name: 'DeniesNonDefaultENIAttachTypeWhenWebhookInjectionDisabled', pn: networking({
      eniOptions: { eniType: 'ENI' } }), options: off,
    denied: 'attachType must be default when podSelector and namespaceSelector are not set' },
    { name: 'AllowsDefaultENIAttachTypeWhenWebhookInjectionDisabled', pn: networking(),
      options: off },
    { name: '(ours) a selector lifts the attach type rule', pn: networking({ eniOptions:
      { eniType: 'Trunk' }, selector: { podSelector: { matchLabels: { app: 'x' } } } }),
    options: off },
    { name: '(ours) Never with a releaseAfter', pn: networking({ allocationType: { type: 'Fixed',
      releaseStrategy: 'Never', releaseAfter: '1h' } }), options: on,
    denied: 'releaseAfter must be empty when releaseStrategy is never' },
    { name: '(ours) a negative TTL parses, as Go reads it', pn: networking({ allocationType:
      { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter: '-5m' } }), options: on },
  ];
  for (const row of table) {
    it(`TestValidateHook${row.name}`, () => {
      const verdict = admitPodNetworking(row.pn, row.options);
      if (row.denied === undefined) expect(verdict).toEqual({ podNetworking: row.pn });
      else expect(verdict).toEqual({ denied: row.denied });
    });
  }
});

describe('PodNetworking mutating webhook (mutating_test.go TestPodNetworkingWebhook_*)', () => {
  const defaults = { vSwitchIds: ['vsw-cfg'], securityGroupIds: ['sg-cfg'] };
  const table: Array<{ name: string; pn: PodNetworking; withConfig: boolean;
    want: { securityGroupIDs: string[]; vSwitchOptions: string[] } | { denied: string } }> = [
    { name: 'ConfigFromConfigMap_NotFound', pn: networking({ securityGroupIDs: [] }),
      withConfig: false, want: { denied: 'security group is not set' } },
    { name: 'FillSecurityGroupIDs', pn: networking({ securityGroupIDs: [] }), withConfig: true,
      want: { securityGroupIDs: ['sg-cfg'], vSwitchOptions: ['vsw-1'] } },
    { name: 'FillVSwitchOptions', pn: networking({ vSwitchOptions: [] }), withConfig: true,
      want: { securityGroupIDs: ['sg-1'], vSwitchOptions: ['vsw-cfg'] } },
    { name: 'FillBothSecurityGroupIDsAndVSwitchOptions', pn: networking({ securityGroupIDs: [],
      vSwitchOptions: [] }), withConfig: true,
    want: { securityGroupIDs: ['sg-cfg'], vSwitchOptions: ['vsw-cfg'] } },
    { name: 'AllSet_NoPatch', pn: networking(), withConfig: true,
      want: { securityGroupIDs: ['sg-1'], vSwitchOptions: ['vsw-1'] } },
  ];
  for (const row of table) {
    it(`TestPodNetworkingWebhook_${row.name}`, () => {
      const verdict = admitPodNetworking(row.pn, { injectResource: true,
        defaults: row.withConfig ? defaults : undefined });
      if ('denied' in row.want) {
        expect(verdict).toEqual(row.want);
        return;
      }
      if (!('podNetworking' in verdict)) throw new Error(verdict.denied);
      expect(verdict.podNetworking.spec).toMatchObject(row.want);
    });
  }

  it('(ours) a PodNetworking written without status starts with an empty one', () => {
    const { status: _dropped, ...bare } = networking();
    const verdict = admitPodNetworking(bare as PodNetworking, { injectResource: true });
    expect(verdict).toMatchObject({ podNetworking: { status: { status: '', vSwitches: [] } } });
  });
});
