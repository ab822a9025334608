// The scenario's eni-config, as the nodes will read it: the `eni_conf` object (from a ConfigMap
// file, an inline object or ConfigMap text) and the CNI config (`10-terway.conf` from the
// ConfigMap when present, else the chart default, with the scenario's `cluster.cni` overrides).
// Declared vSwitch and security-group ids stay as declared: the world maps them to the ids the
// cloud mints. Errors name the file and the key, as `terway-sim validate` does.

import { err, ok, type Result } from '@terway-sim/sim-base';
import {
  decodeEniConf,
  parseCniConf,
  parseEniConfigFile,
  type CniConfig,
  type ConfigIssue,
  type JsonObject,
} from '@terway-sim/terway-core';
import { readInputFile } from '../scenario/input-file.js';
import { resolveBeside, type LoadedScenario } from '../scenario/load.js';
import { printable } from '../scenario/printable.js';
import { aliasBombInText } from '../scenario/yaml-size.js';

export interface ResolvedEniConfig {
  readonly eniConf: JsonObject;
  readonly cni: CniConfig;
  /** Top-level eni_conf keys Terway ignores (reported, as validate does). */
  readonly unknownKeys: readonly string[];
  /** The eni-config as `terway-sim validate` would read it: the file's text, or inline as JSON. */
  readonly text: string;
  /** The ConfigMap's `disable_network_policy` data key, when the file sets it. */
  readonly disableNetworkPolicy?: string | undefined;
}

/**
 * The CNI config the Terway chart ships (Terway's charts/terway/templates/terwayd/configmap.yaml),
 * before overrides.
 */
export const chartCniConfig = {
  cniVersion: '0.4.0',
  name: 'terway',
  type: 'terway',
  capabilities: { bandwidth: true },
};

function describe(where: string, issues: readonly ConfigIssue[]): string[] {
  return issues.map(
    (issue) =>
      `${printable(where)}${issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`}: ${issue.path}: ${issue.message}`,
  );
}

export function resolveEniConfig(loaded: LoadedScenario): Result<ResolvedEniConfig, string[]> {
  const spec = loaded.scenario.eniConfig;
  let raw: JsonObject;
  let cniText: string | undefined;
  let unknownKeys: readonly string[];
  let sourceText: string;
  let disableNetworkPolicy: string | undefined;
  if ('inline' in spec) {
    const decoded = decodeEniConf(spec.inline as JsonObject);
    if (!decoded.ok) return err(describe(`${loaded.file}: eniConfig.inline`, decoded.error));
    ({ raw, unknownKeys } = decoded.value);
    sourceText = JSON.stringify(spec.inline, null, 2);
  } else {
    let where = `${loaded.file}: eniConfig.configMap`;
    let text = 'configMap' in spec ? spec.configMap : '';
    if ('file' in spec) {
      where = resolveBeside(loaded.file, spec.file);
      const read = readInputFile(where);
      if (!read.ok) {
        return err([`${printable(loaded.file)}: eniConfig.file: cannot use ${printable(where)}: ` +
          read.error]);
      }
      text = read.value;
      const bomb = aliasBombInText(text);
      if (bomb !== undefined) {
        return err([`${printable(where)}: (document): invalid YAML: ${bomb}`]);
      }
    }
    sourceText = text;
    const parsed = parseEniConfigFile(text);
    if (!parsed.ok) return err(describe(where, parsed.error));
    raw = parsed.value.eniConf.raw;
    unknownKeys = parsed.value.eniConf.unknownKeys;
    cniText = parsed.value.file.cniConf?.text;
    const disable = parsed.value.file.data['disable_network_policy'];
    if (disable !== undefined) disableNetworkPolicy = String(disable);
  }
  const cni = parseCniConf(JSON.stringify(withOverrides(cniText, loaded.scenario.cluster.cni)));
  if (!cni.ok) return err(describe(`${loaded.file}: cluster.cni`, cni.error));
  return ok({ eniConf: raw, cni: cni.value, unknownKeys, text: sourceText,
    ...(disableNetworkPolicy === undefined ? {} : { disableNetworkPolicy }) });
}

/**
 * Applies `cluster.cni` keys to the terway plugin: the config itself, or its entry in a conflist.
 */
function withOverrides(
  cniText: string | undefined,
  overrides: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const base: Record<string, unknown> =
    cniText === undefined ? chartCniConfig : (JSON.parse(cniText) as Record<string, unknown>);
  const plugins = base['plugins'];
  if (!Array.isArray(plugins)) return { ...base, ...overrides };
  return {
    ...base,
    plugins: plugins.map((entry: Record<string, unknown>) =>
      entry['type'] === 'terway' ? { ...entry, ...overrides } : entry,
    ),
  };
}
