// The daemon's pool configuration, as Terway's types.PoolConfig after getPoolConfig
// (daemon/config.go): the numbers the pool sizes itself by, derived from eni-config and the
// instance's limits. The computation lives beside this type; the pool only reads it.

export type EniSelectionPolicy = 'most_ips' | 'least_ips';
/** Internal vSwitch policy: config "ordered" means `most` (most available IPs first). */
export type VSwitchSelectionPolicy = 'random' | 'most' | 'ordered';

export interface IdleIpReclaim {
  /** Quiet time after the last pool change before extra reclaim starts; 0 = feature off. */
  readonly afterMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly jitterFactor: number;
}

export interface PoolConfig {
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  /** Most pod IPs this node can hold (multi-IP: maxENI × IPv4 per ENI; exclusive: maxENI). */
  readonly capacity: number;
  /** Secondary ENIs the pool may use (primary excluded, after max_eni / cap ratio / shift). */
  readonly maxEni: number;
  readonly maxMemberEni: number;
  readonly erdmaCapacity: number;
  /** IPs per ENI (1 in exclusive mode). */
  readonly maxIpPerEni: number;
  /** IPs per API call, at most (10). */
  readonly batchSize: number;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  readonly zoneId: string;
  readonly vSwitchOptions: readonly string[];
  readonly vSwitchSelectionPolicy: VSwitchSelectionPolicy;
  readonly eniSelectionPolicy: EniSelectionPolicy;
  readonly eniTags: { readonly [key: string]: string };
  readonly securityGroupIds: readonly string[];
  readonly resourceGroupId: string;
  readonly instanceId: string;
  readonly poolSyncPeriodMs: number;
  readonly reclaim: IdleIpReclaim;
}
