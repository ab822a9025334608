// World building for scenarios: VPCs, vSwitches, security groups and instances made through the
// same validated actions the API serves, but as setup: no latency, no flow control, no faults,
// instances Running at once. Each success is one `world` event (its `cloud.world` line, not
// `cloud.api`, so API call counts in reports are Terway's own). Refusals come back as values
// with the cloud's code.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { CloudProduct, ResponseBody } from '../actions/context.js';
import { findAction } from '../actions/registry.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { makeActionContext, type ActionEffects } from '../emulator/action-context.js';
import type { CloudCore } from '../emulator/core.js';
import { parseParams } from '../params/schema.js';
import { ownValue } from '../state/own.js';
import { RegionDraft } from '../state/region-draft.js';

interface WorldHost extends CloudCore {
  commitWorld(draft: RegionDraft, effects: ActionEffects): void;
}

export interface VpcSpec {
  readonly regionId?: string;
  readonly cidrBlock: string;
  readonly name?: string;
  readonly enableIpv6?: boolean;
  /** The VPC's IPv6 /56 (with enableIpv6); default: the next one of the modelled block. */
  readonly ipv6CidrBlock?: string;
}

export interface VSwitchSpec {
  readonly regionId?: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  /** Index of the /64 in the VPC's /56 (0–255). */
  readonly ipv6CidrBlock?: number;
  readonly name?: string;
}

export interface SecurityGroupSpec {
  readonly regionId?: string;
  readonly vpcId: string;
  readonly name?: string;
  readonly type?: 'normal' | 'enterprise';
}

export interface InstancesSpec {
  readonly regionId?: string;
  readonly instanceType: string;
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  readonly amount?: number;
  readonly name?: string;
  readonly hostName?: string;
  readonly imageId?: string;
  readonly privateIpAddress?: string;
  readonly ipv6AddressCount?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export class WorldBuilder {
  constructor(private readonly host: WorldHost) {}

  /** Runs any action as setup in `regionId` (default: the first region). */
  call(
    product: CloudProduct,
    action: string,
    params: Readonly<Record<string, unknown>>,
  ): Result<ResponseBody, ApiError> {
    const spec = findAction(product, action);
    if (spec === undefined) return err(apiError('InvalidAction.NotFound', `${product} ${action}`));
    const regionId =
      typeof params.RegionId === 'string' ? params.RegionId : this.host.defaultRegion;
    const region = ownValue(this.host.currentState().regions, regionId);
    if (region === undefined)
      return err(apiError('InvalidRegionId.NotFound', `RegionId: ${regionId}`));
    const parsed = parseParams(spec.schema, { RegionId: regionId, ...params });
    if (!parsed.ok) return parsed;
    const draft = new RegionDraft(region);
    const { ctx, effects } = makeActionContext(this.host, draft, {
      holdMs: 0,
      stuckAttaching: false,
      instant: true,
    });
    const result = spec.run(ctx, parsed.value);
    if (!result.ok) return result;
    this.host.commitWorld(draft, effects);
    this.host.publish({ type: 'world', action, region: regionId });
    return result;
  }

  createVpc(
    spec: VpcSpec,
  ): Result<{ vpcId: string; routeTableId: string; vRouterId: string }, ApiError> {
    const body = this.call(
      'vpc',
      'CreateVpc',
      defined({
        RegionId: spec.regionId,
        CidrBlock: spec.cidrBlock,
        VpcName: spec.name,
        EnableIpv6: spec.enableIpv6,
        Ipv6CidrBlock: spec.ipv6CidrBlock,
      }),
    );
    if (!body.ok) return body;
    return ok({
      vpcId: String(body.value.VpcId),
      routeTableId: String(body.value.RouteTableId),
      vRouterId: String(body.value.VRouterId),
    });
  }

  createVSwitch(spec: VSwitchSpec): Result<string, ApiError> {
    const body = this.call(
      'vpc',
      'CreateVSwitch',
      defined({
        RegionId: spec.regionId,
        VpcId: spec.vpcId,
        ZoneId: spec.zoneId,
        CidrBlock: spec.cidrBlock,
        Ipv6CidrBlock: spec.ipv6CidrBlock,
        VSwitchName: spec.name,
      }),
    );
    return body.ok ? ok(String(body.value.VSwitchId)) : body;
  }

  createSecurityGroup(spec: SecurityGroupSpec): Result<string, ApiError> {
    const body = this.call(
      'ecs',
      'CreateSecurityGroup',
      defined({
        RegionId: spec.regionId,
        VpcId: spec.vpcId,
        SecurityGroupName: spec.name,
        SecurityGroupType: spec.type,
      }),
    );
    return body.ok ? ok(String(body.value.SecurityGroupId)) : body;
  }

  /** RunInstances as setup: the instances are Running when this returns. */
  runInstances(spec: InstancesSpec): Result<string[], ApiError> {
    const body = this.call(
      'ecs',
      'RunInstances',
      defined({
        RegionId: spec.regionId,
        ImageId: spec.imageId ?? 'aliyun_3_x64_20G_alibase_20250101.vhd',
        InstanceType: spec.instanceType,
        VSwitchId: spec.vSwitchId,
        SecurityGroupIds: [...spec.securityGroupIds],
        Amount: spec.amount,
        InstanceName: spec.name,
        HostName: spec.hostName,
        PrivateIpAddress: spec.privateIpAddress,
        Ipv6AddressCount: spec.ipv6AddressCount,
        Tag:
          spec.tags === undefined
            ? undefined
            : Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    if (!body.ok) return body;
    const sets = body.value.InstanceIdSets as { InstanceIdSet: string[] };
    return ok(sets.InstanceIdSet);
  }
}

