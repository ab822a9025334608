// The terway CNI binary as one object per node (Terway's plugin/terway): `add`, `del` and `check`
// take what a container runtime passes (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, the
// network config) and answer the CNI result or a CNI error, programming the node's kernel through
// the datapaths and talking to the node's terwayd through `TerwayBackend`.
//
// When to use: the scenario runner's kubelet calls it for every pod sandbox; tests call it with a
// kernel model and a scripted backend. Gotchas: the instance holds the node's CNI file lock, so
// create one per node and share it between concurrent calls; the host-local store (VPC-route mode)
// lives here too. Each call records one `cni` event.

import type { EventFields } from '@terway-sim/sim-base';
import { parseK8sArgs } from './cni-args.js';
import {
  addResult, cniError, type CniAddResult, type CniDelResult, type CniOutcome,
} from './cni-error.js';
import { doCmdAdd } from './cmd-add.js';
import { doCmdCheck } from './cmd-check.js';
import { doCmdDel } from './cmd-del.js';
import {
  prepare, type CniInvocation, type TerwayCniDeps, type TerwayCniOptions,
} from './invocation.js';

export class TerwayCni {
  constructor(private readonly deps: TerwayCniDeps, private readonly options: TerwayCniOptions) {}

  /** CNI ADD. */
  async add(inv: CniInvocation): Promise<CniOutcome<CniAddResult>> {
    const start = this.deps.scheduler.nowMs();
    const prep = await prepare(this.deps.kernel, inv, 'ADD');
    if (!prep.ok) return this.finish('ADD', inv, start, prep, []);
    const podNs = prep.value.podNs ?? '';
    const report = await doCmdAdd(this.deps, this.options, inv, { ...prep.value, podNs });
    const version = prep.value.cniVersion;
    if (!report.result.ok) return this.finish(
      'ADD', inv, start,
      cniError(version, 'tryAgainLater', 'failed to do add', report.result.error),
      report.changes,
    );
    const { ipNet, gateway } = report.result.value;
    const ips = [
      ...(
        ipNet.ipv4 !== undefined && gateway.ipv4 !== undefined ? [{
          address: ipNet.ipv4, gateway: gateway.ipv4,
        }] : []
      ),
      ...(
        ipNet.ipv6 !== undefined && gateway.ipv6 !== undefined ? [{
          address: ipNet.ipv6, gateway: gateway.ipv6,
        }] : []
      ),
    ];
    const result = addResult(
      version, { name: inv.ifName, sandbox: prep.value.k8s.infraContainerId }, ips,
    );
    return this.finish(
      'ADD', inv, start, { ok: true, value: result }, report.changes,
      { ips: ips.map((ip) => ip.address) },
    );
  }

  /** CNI DEL. An empty CNI_NETNS succeeds at once (nothing printed: `undefined`). */
  async del(inv: CniInvocation): Promise<CniOutcome<CniDelResult | undefined>> {
    const start = this.deps.scheduler.nowMs();
    if (inv.netns === '' && inv.containerId !== '' && inv.ifName !== '') return this.finish(
      'DEL', inv, start, { ok: true, value: undefined }, [],
    );
    const prep = await prepare(this.deps.kernel, inv, 'DEL');
    if (!prep.ok) return this.finish('DEL', inv, start, prep, []);
    const report = await doCmdDel(
      this.deps, this.options, inv, { ...prep.value, podNs: prep.value.podNs ?? '' },
    );
    const version = prep.value.cniVersion;
    if (!report.result.ok) return this.finish(
      'DEL', inv, start,
      cniError(version, 'tryAgainLater', 'failed to do del', report.result.error),
      report.changes,
    );
    return this.finish(
      'DEL', inv, start, { ok: true, value: { cniVersion: version, dns: {} } }, report.changes,
      { released: report.result.value.released, note: report.result.value.note },
    );
  }

  /** CNI CHECK. Success prints nothing (`undefined`). */
  async check(inv: CniInvocation): Promise<CniOutcome<undefined>> {
    const start = this.deps.scheduler.nowMs();
    if (inv.netns === '' && inv.containerId !== '' && inv.ifName !== '') return this.finish(
      'CHECK', inv, start, { ok: true, value: undefined }, [],
    );
    const prep = await prepare(this.deps.kernel, inv, 'CHECK');
    if (!prep.ok) return this.finish('CHECK', inv, start, prep, []);
    if (prep.value.podNs === undefined) return this.finish(
      'CHECK', inv, start, { ok: true, value: undefined }, [],
      { note: 'netns path does not exist' },
    );
    const done = await doCmdCheck(
      this.deps, this.options, { ...prep.value, podNs: prep.value.podNs }, inv.ifName,
    );
    if (!done.ok) return this.finish(
      'CHECK', inv, start, cniError(prep.value.cniVersion, 'internal', done.error), [],
    );
    return this.finish(
      'CHECK', inv, start, { ok: true, value: undefined }, [],
      done.value.daemonReachable ? {} : { note: 'daemon unreachable' },
    );
  }

  /** Records the `cni` event (pod, outcome, virtual duration, kernel change count) and returns. */
  private finish<T>(
    command: string, inv: CniInvocation, start: number, outcome: CniOutcome<T>,
    changes: readonly string[], extra: EventFields = {},
  ): CniOutcome<T> {
    const log = this.deps.log;
    if (log !== undefined) {
      const k8s = parseK8sArgs(inv.args);
      const fields: EventFields = {
        node: this.options.nodeName ?? this.options.hostNs, command, containerId: inv.containerId,
        netns: inv.netns,
        pod: k8s.ok ? `${k8s.value.podNamespace}/${k8s.value.podName}` : undefined,
        ok: outcome.ok, tookMs: this.deps.scheduler.nowMs() - start, kernelChanges: changes.length,
        ...(this.options.traceCommands === true ? { commands: [...changes] } : {}),
        ...extra,
      };
      const failure = outcome.ok ? {} : {
        code: outcome.error.code, msg: outcome.error.msg, details: outcome.error.details,
      };
      log.record('cni', { ...fields, ...failure });
    }
    return outcome;
  }
}
