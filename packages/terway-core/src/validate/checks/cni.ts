// The CNI config beside eni_conf (`10-terway.conf` / `10-terway.conflist`): keys nothing reads,
// MTUs the ENI cannot carry, and values the plugin silently replaces with its default.

import { formatPath } from '../../config/config-issue.js';
import { diagnostic } from '../codes.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { cniUnknownKeyMessage } from '../cni-keys.js';
import { cniKeyPosition } from '../locate.js';

export const cniCheck: Check = (context) => {
  const cni = context.cni;
  const key = context.file.cniConf?.key;
  if (cni === undefined || key === undefined) return [];
  const at = (code: string, name: string, message: string) => diagnostic(code, formatPath(key,
    cni.pluginIndex === undefined ? [name] : ['plugins', cni.pluginIndex,
    name]), message, cniKeyPosition(context, name));
  const out: Diagnostic[] = cni.unknownKeys.map((name) =>
    at('cni-unknown-key', name, cniUnknownKeyMessage(name)));
  if (cni.mtu < 576 || cni.mtu > 8500) {
    out.push(at('cni-mtu', 'mtu',
      `mtu ${cni.mtu} is outside 576–8500; ENIs carry 1500 by default (jumbo frames up to 8500 ` +
      `only on types that support them): use 1500 unless you know the path supports more`));
  } else if (cni.mtu > 1500) {
    out.push(at('cni-mtu', 'mtu',
      `mtu ${cni.mtu} needs jumbo frames on the instance type and every hop; pods on types ` +
      `without them lose large packets. Use 1500 unless every node type supports jumbo frames`));
  }
  const virtualType = cni.eniipVirtualType.toLowerCase();
  if (virtualType === 'ipvlan') {
    out.push(at('cni-virtual-type', 'eniip_virtual_type',
      'ipvlan: the plugin would use IPVlan (kernel ≥ 4.19), but terway-cli rewrites it to ' +
      'datapathv2 (veth + eBPF) on current releases; expect the veth policy-route datapath'));
  } else if (!['', 'veth', 'datapathv2'].includes(virtualType)) {
    out.push(at('cni-virtual-type', 'eniip_virtual_type',
      `"${cni.eniipVirtualType}" is not veth, ipvlan or datapathv2; the plugin uses veth ` +
      `policy routing`));
  }
  if (!['', 'vlan', 'filter'].includes(cni.vlanStripType)) {
    out.push(at('cni-option-value', 'vlan_strip_type',
      `vlan_strip_type "${cni.vlanStripType}" is neither "vlan" nor "filter"; trunk pods get ` +
      `tc-based tagging (filter)`));
  }
  const bandwidthRaw = context.file.cniConf === undefined ? undefined : rawString(
    context.file.cniConf.text, 'bandwidth_mode');
  if (bandwidthRaw !== undefined && !['', 'edt', 'tc'].includes(bandwidthRaw)) {
    out.push(at('cni-option-value', 'bandwidth_mode',
      `bandwidth_mode "${bandwidthRaw}" is neither "edt" nor "tc"; the plugin shapes with tc`));
  }
  return out;
};

function rawString(text: string, key: string): string | undefined {
  const match = new RegExp(`"${key}"\\s*:\\s*"([^"]*)"`).exec(text);
  return match?.[1];
}
