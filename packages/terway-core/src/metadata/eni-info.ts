// The daemon's view of attached ENIs as the metadata service describes them (Terway's
// pkg/aliyun/eni ENIMetadata, the `ENIInfoGetter` its factory uses at startup): per MAC the ENI
// id, primary IP, gateway, vSwitch CIDR (and, with IPv6, the IPv6 gateway and CIDR) and vSwitch id;
// the list of attached ENIs is every MAC but the primary's. Any failed read fails the whole call,
// with Terway's wording of which read failed.
//
// The primary MAC is read once and kept, as Terway's instance metadata is loaded once at start.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import type { MetadataClient, MetadataError } from './client.js';

export interface EniInfoFailure {
  readonly message: string;
  readonly cause: MetadataError;
}

function failed(prefix: string, cause: MetadataError): Result<never, EniInfoFailure> {
  return err({ message: `${prefix}, ${cause.message}`, cause });
}

export class EniInfoGetter {
  private primaryMac: string | undefined;

  constructor(private readonly deps: { readonly metadata: MetadataClient },
    private readonly options: { readonly ipv6: boolean }) {}

  /**
   * One attached ENI by MAC, as metadata shows it (no security groups; trunk/eRDMA unknown here).
   */
  async eniByMac(mac: string): Promise<Result<AttachedEni, EniInfoFailure>> {
    const metadata = this.deps.metadata;
    const id = await metadata.eniId(mac);
    if (!id.ok) return failed('error get eni by id ', id.error);
    const primaryIp = await metadata.primaryIp(mac);
    if (!primaryIp.ok) return failed(`error get eni primary ip by ${mac}`, primaryIp.error);
    const gateway = await metadata.gateway(mac);
    if (!gateway.ok) return failed(`error get eni gateway by mac ${mac}`, gateway.error);
    const cidr = await metadata.vSwitchCidr(mac);
    if (!cidr.ok) return failed(`error get eni vSwitchCIDR from metaserver, mac: ${mac}`,
      cidr.error);
    let ipv6Gateway: string | undefined;
    let ipv6Cidr: string | undefined;
    if (this.options.ipv6) {
      const v6gw = await metadata.ipv6Gateway(mac);
      if (!v6gw.ok) return failed(`error get eni ipv6 gateway from metaserver, mac: ${mac}`,
        v6gw.error);
      const v6cidr = await metadata.vSwitchIpv6Cidr(mac);
      if (!v6cidr.ok) return failed(`error get eni vSwitchIPv6CIDR from metaserver, mac: ${mac}`,
        v6cidr.error);
      ipv6Gateway = v6gw.value;
      ipv6Cidr = v6cidr.value;
    }
    const vSwitchId = await metadata.eniVSwitchId(mac);
    if (!vSwitchId.ok) return failed(`error get eni vswitch from metaserver, mac: ${mac}`,
      vSwitchId.error);
    return ok({
      id: id.value, mac, securityGroupIds: [], vSwitchId: vSwitchId.value,
        primaryIp: { ipv4: primaryIp.value },
      gatewayIp: { ipv4: gateway.value, ipv6: ipv6Gateway }, vSwitchCidr: { ipv4: cidr.value,
        ipv6: ipv6Cidr },
      trunk: false, erdma: false,
    });
  }

  /** Attached ENIs in metadata's MAC order; the primary ENI only when `containsMainEni`. */
  async enis(containsMainEni: boolean): Promise<Result<AttachedEni[], EniInfoFailure>> {
    const primary = await this.mainMac();
    if (!primary.ok) return err({ message: primary.error.message, cause: primary.error });
    const macs = await this.deps.metadata.macs();
    if (!macs.ok) return err({ message: macs.error.message, cause: macs.error });
    const out: AttachedEni[] = [];
    for (const mac of macs.value) {
      if (!containsMainEni && mac === primary.value) continue;
      const eni = await this.eniByMac(mac);
      if (!eni.ok) return eni;
      out.push(eni.value);
    }
    return ok(out);
  }

  private async mainMac(): Promise<Result<string, MetadataError>> {
    if (this.primaryMac !== undefined) return ok(this.primaryMac);
    const mac = await this.deps.metadata.primaryMac();
    if (mac.ok) this.primaryMac = mac.value;
    return mac;
  }
}
