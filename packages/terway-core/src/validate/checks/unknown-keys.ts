// Keys nobody reads. Terway decodes eni_conf with Go's encoding/json, which drops unknown keys in
// silence, so a misspelt key is a setting that quietly stays at its default (F09). ConfigMap data
// keys other than those Terway's components mount are harmless and only mentioned.

import { eniConfKeys } from '../../config/eni-conf-schema.js';
import { diagnostic } from '../codes.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';
import { cniDocumentKeys, looksLikeCniConfig } from '../cni-keys.js';
import { suggestKey } from '../suggest.js';

/** Data keys read by terway-cli / init / the daemon (cmd/terway-cli/common.go, the chart). */
const configMapDataKeys: ReadonlySet<string> = new Set(['eni_conf', '10-terway.conf',
  '10-terway.conflist', 'disable_network_policy', 'in_cluster_loadbalance']);

export const unknownKeysCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  const known = new Set(eniConfKeys);
  // A CNI config pasted as eni_conf is reported once (cni-in-eni-conf.ts), not key by key.
  const cniDocument = looksLikeCniConfig(context.raw);
  for (const key of Object.keys(context.raw).sort()) {
    if (known.has(key) || (cniDocument && cniDocumentKeys.includes(key))) continue;
    const suggestion = suggestKey(key, eniConfKeys);
    const hint = suggestion === undefined
      ? 'remove it, or check the key list in docs/validate.md'
      : `did you mean "${suggestion.key}" (${suggestion.why})?`;
    out.push(atKey(context, 'unknown-key', [key],
      `Terway does not read ${JSON.stringify(key)} and ignores it silently; ${hint}`));
  }
  if (context.file.form === 'configmap') {
    for (const key of Object.keys(context.file.data).sort()) {
      if (!configMapDataKeys.has(key)) out.push(diagnostic('configmap-unknown-data-key',
        `data.${key}`,
          `no Terway component reads data["${key}"]; keep it only if another tool needs it`));
    }
    const name = context.file.name;
    if (name !== undefined && name !== 'eni-config') {
      out.push(diagnostic('configmap-name', 'metadata.name',
        `the daemon mounts kube-system/eni-config; "${name}" is read only as a per-node ` +
        `dynamic config (node label terway-config=${name}), merged over eni-config`));
    }
  }
  return out;
};
