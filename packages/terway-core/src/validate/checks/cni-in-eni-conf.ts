// A CNI network config or conflist given as eni_conf: the daemon reads eni_conf as its own config,
// finds none of its keys, and runs with every default (pods on the node's vSwitch, no pool
// settings), while the author believes the pool and vSwitches are set. Said once, with where the
// document belongs; then the terway plugin entry is read as the CNI plugin would read it, so its
// misplaced keys (eni_max_pool_size, eni_vswitches, …) get the same hints as in 10-terway.conf.

import { parseCniConf } from '../../config/cni-config.js';
import { formatPath } from '../../config/config-issue.js';
import { cniUnknownKeyMessage, looksLikeCniConfig } from '../cni-keys.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey, keyPosition } from '../locate.js';
import { diagnostic } from '../codes.js';

export const cniInEniConfCheck: Check = (context) => {
  const { raw } = context;
  if (!looksLikeCniConfig(raw)) return [];
  const list = Array.isArray(raw.plugins);
  const cni = parseCniConf(JSON.stringify(raw), { key: 'eni_conf' });
  const noTerway = !cni.ok && cni.error.some((issue) => issue.kind === 'shape') ?
    ' (and its plugins[] has no "type": "terway" entry)' : '';
  const out: Diagnostic[] = [atKey(context, 'eni-conf-is-cni-config', [],
    `eni_conf holds a CNI ${list ? 'conflist (plugins[])' : 'network config (cniVersion, type)'}` +
    `${noTerway}, not the daemon's config: the daemon finds none of its keys and runs with ` +
    `every default. Put this document in data["${list ? '10-terway.conflist' :
      '10-terway.conf'}"] and give eni_conf the daemon's keys (vswitches, security_group, ` +
    'max_pool_size, …)')];
  if (!cni.ok) {
    out.push(...cni.error.filter((issue) => issue.kind !== 'shape')
      .map((issue) => diagnostic('cni-wrong-type', issue.path, issue.message)));
    return out;
  }
  const segments = cni.value.pluginIndex === undefined ? [] : ['plugins', cni.value.pluginIndex];
  out.push(...cni.value.unknownKeys.map((name) => diagnostic('cni-unknown-key',
    formatPath('eni_conf', [...segments, name]), cniUnknownKeyMessage(name),
    keyPosition(context, name))));
  return out;
};
