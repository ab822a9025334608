// The ENI slots of a centralized-IPAM (ipam_type crd) node, split the way Terway's daemon writes
// the Node CR's flavor (pkg/eni/node_reconcile.go): of the EniQuantity − 1 secondary slots,
// one is the trunk ENI when trunking is on, one is a HighPerformance (eRDMA) ENI when eRDMA is
// on, and the rest are standard secondary ENIs. Example: 5 ENIs with trunk and eRDMA ⇒
// trunk 1, HighPerformance 1, secondary 2. `capacity` shows it so a planner sees where the
// slots went.

/** The flavor as counts of ENIs by kind. */
export interface EniFlavor {
  readonly trunk: number;
  /** Secondary ENIs in HighPerformance traffic mode: eRDMA pods' IPs only. */
  readonly highPerformance: number;
  /** Standard secondary ENIs. */
  readonly secondary: number;
}

export function eniFlavor(adapters: number,
  features: { readonly trunk: boolean; readonly erdma: boolean }): EniFlavor {
  let secondary = adapters - 1;
  const trunk = features.trunk && secondary > 0 ? 1 : 0;
  secondary -= trunk;
  const highPerformance = features.erdma && secondary > 0 ? 1 : 0;
  secondary -= highPerformance;
  return { trunk, highPerformance, secondary };
}

/** "trunk 1, HighPerformance (eRDMA) 1, secondary 2": the flavor in a note's words. */
export function flavorText(flavor: EniFlavor): string {
  return [
    ...(flavor.trunk > 0 ? [`trunk ${flavor.trunk}`] : []),
    ...(flavor.highPerformance > 0 ? [`HighPerformance (eRDMA) ${flavor.highPerformance}`] : []),
    `secondary ${flavor.secondary}`,
  ].join(', ');
}
