import { describe, expect, it } from 'vitest';
import { parseEniConf, parseEniConfigFile } from '../../src/config/parse.js';

const chartConfigMap = `kind: ConfigMap
apiVersion: v1
metadata:
  name: eni-config
  namespace: kube-system
data:
  eni_conf: |
    {
      "version": "1",
      "max_pool_size": 5,
      "min_pool_size": 0,
      "vswitches": {"cn-hangzhou-i": ["vsw-aaa", "vsw-bbb"]},
      "service_cidr": "172.21.0.0/20",
      "security_groups": ["sg-1"],
      "ip_stack": "ipv4",
      "vswitch_selection_policy": "ordered"
    }
  10-terway.conf: |
    {
      "cniVersion": "0.4.0",
      "name": "terway",
      "capabilities": {"bandwidth": true},
      "network_policy_provider": "ebpf",
      "eniip_virtual_type": "datapathv2",
      "host_stack_cidrs": ["169.254.20.10/32"],
      "type": "terway"
    }
  disable_network_policy: "false"
  in_cluster_loadbalance: "true"
`;

describe('parseEniConf defaults (Populate)', () => {
  it('fills Terway defaults into an empty document', () => {
    const parsed = parseEniConf('{}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const c = parsed.value.config;
    expect(c.eniCapRatio).toBe(1);
    expect(c.vSwitchSelectionPolicy).toBe('random');
    expect(c.ipStack).toBe('ipv4');
    expect(c.enablePatchPodIps).toBe(true);
    expect(c.idleIpReclaimBatchSize).toBe(5);
    expect(c.idleIpReclaimInterval).toBe('10m');
    expect(c.idleIpReclaimJitterFactor).toBe('0.1');
    expect(c.idleIpReclaimAfter).toBeUndefined();
    expect(c.eniTags).toBeUndefined();
    expect(c.maxPoolSize).toBe(0);
    expect(c.eniSelectionPolicy).toBe('');
  });

  it(
    'turns eni_cap_ratio 0 into 1 and a non-positive reclaim batch into 5, keeps false bools',
      () => {
    const parsed = parseEniConf(
      '{"eni_cap_ratio": 0, "idle_ip_reclaim_batch_size": -3, "enable_patch_pod_ips": false}');
    expect(parsed.ok && parsed.value.config.eniCapRatio).toBe(1);
    expect(parsed.ok && parsed.value.config.idleIpReclaimBatchSize).toBe(5);
    expect(parsed.ok && parsed.value.config.enablePatchPodIps).toBe(false);
  });

  it('reads null as absent, like Go', () => {
    const parsed = parseEniConf(
      '{"max_pool_size": null, "eni_tags": null, "ip_stack": null, "vswitches": {"z": null}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.config.maxPoolSize).toBe(0);
    expect(parsed.value.config.eniTags).toBeUndefined();
    expect(parsed.value.config.ipStack).toBe('ipv4');
    expect(parsed.value.config.vSwitches).toEqual({ z: [] });
  });

  it('keeps unknown keys in the raw document and lists them', () => {
    const parsed = parseEniConf(
      '{"vswitch": {"a": ["vsw-1"]}, "max_pool_size": 3, "Max_Pool_Size": 9}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.unknownKeys).toEqual(['Max_Pool_Size', 'vswitch']);
    expect(parsed.value.raw.vswitch).toEqual({ a: ['vsw-1'] });
    // Keys are case-sensitive (sigs.k8s.io/json): the odd-cased one is ignored.
    expect(parsed.value.config.maxPoolSize).toBe(3);
    expect(parsed.value.config.vSwitches).toEqual({});
  });

  it('converts backoff_override entries, absent fields zero', () => {
    const parsed = parseEniConf(
      '{"backoff_override": {"eni_create": {"Duration": 5000000000, "Factor": 1.5, "Steps": 3}}}');
    expect(parsed.ok && parsed.value.config.backoffOverride).toEqual({
      eni_create: { initialDelayNs: 0, durationNs: 5e9, factor: 1.5, jitter: 0, steps: 3,
        capNs: 0 },
    });
  });
});

describe('parseEniConf errors', () => {
  it('refuses wrong Go types, naming the key and quoting the Go error', () => {
    const parsed = parseEniConf(
      '{"max_pool_size": "5", "enable_eni_trunking": "true", "security_groups": "sg-1", ' +
      '"vswitches": {"z": [1]}}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byPath = Object.fromEntries(parsed.error.map((issue) => [issue.path, issue]));
    expect(Object.keys(byPath).sort()).toEqual([
      'eni_conf.enable_eni_trunking', 'eni_conf.max_pool_size', 'eni_conf.security_groups',
        'eni_conf.vswitches.z[0]']);
    expect(byPath['eni_conf.max_pool_size']!.message).toContain(
      'expected an integer, got string "5"');
    expect(byPath['eni_conf.max_pool_size']!.message).toContain(
      'json: cannot unmarshal string into Go struct field Config.max_pool_size of type int');
    expect(byPath['eni_conf.enable_eni_trunking']!.kind).toBe('type');
  });

  it('refuses fractions in int fields but accepts them in float fields', () => {
    const parsed = parseEniConf('{"max_pool_size": 5.5, "eni_cap_ratio": 0.5}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toHaveLength(1);
    expect(parsed.error[0]!.message).toContain('cannot unmarshal number 5.5');
  });

  it('reports JSON syntax errors with line and column and a hint', () => {
    const parsed = parseEniConf('{\n  "max_pool_size": 5,\n}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error[0]).toMatchObject({ kind: 'syntax', path: 'eni_conf', line: 3, column: 1 });
    expect(parsed.error[0]!.message).toContain('trailing comma');
  });

  it('refuses a top-level array', () => {
    const parsed = parseEniConf('[1]');
    expect(!parsed.ok && parsed.error[0]!.kind).toBe('shape');
  });
});

describe('parseEniConfigFile', () => {
  it('reads the chart ConfigMap: eni_conf and the CNI config', () => {
    const parsed = parseEniConfigFile(chartConfigMap);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.file.form).toBe('configmap');
    expect(parsed.value.file.name).toBe('eni-config');
    expect(parsed.value.eniConf.config.vSwitches).toEqual({ 'cn-hangzhou-i': ['vsw-aaa',
      'vsw-bbb'] });
    expect(parsed.value.cni?.mtu).toBe(1500);
    expect(parsed.value.cni?.multiIpDatapath).toBe('policyRoute');
    expect(parsed.value.cni?.hostStackCidrs).toEqual(['169.254.20.10/32']);
  });

  it('maps a JSON error inside eni_conf to the file line', () => {
    const broken = chartConfigMap.replace('"max_pool_size": 5,', "'max_pool_size': 5,");
    const parsed = parseEniConfigFile(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    // eni_conf's `|` is on line 7; its second content line is file line 10, indented 6.
    expect(parsed.error[0]).toMatchObject({ kind: 'syntax', line: 10, column: 7 });
    expect(parsed.error[0]!.message).toContain('single quotes');
  });

  it('reads a bare eni_conf JSON file and a ConfigMap in JSON', () => {
    expect(parseEniConfigFile('{"max_pool_size": 2}').ok && true).toBe(true);
    const asJson = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {
      name: 'eni-config' }, data: { eni_conf: '{"min_pool_size": 1}' } });
    const parsed = parseEniConfigFile(asJson);
    expect(parsed.ok && parsed.value.file.form).toBe('configmap');
    expect(parsed.ok && parsed.value.eniConf.config.minPoolSize).toBe(1);
  });

  it('explains a ConfigMap without eni_conf and eni_conf written as a YAML mapping', () => {
    const missing = parseEniConfigFile('kind: ConfigMap\ndata:\n  other: "1"\n');
    expect(!missing.ok && missing.error[0]!.message).toContain(
      'terway configmap has no eni_conf filed');
    const mapping = parseEniConfigFile(
      'kind: ConfigMap\ndata:\n  eni_conf:\n    max_pool_size: 5\n');
    expect(!mapping.ok && mapping.error[0]!.message).toContain('eni_conf: |');
  });

  it('reports YAML syntax errors with their position', () => {
    const parsed = parseEniConfigFile('kind: ConfigMap\ndata:\n  eni_conf: |\n    {}\n  x: : y\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error[0]).toMatchObject({ kind: 'syntax', line: 5 });
    expect(parsed.error[0]!.message).toMatch(/^invalid YAML/);
  });

  it('merges the node dynamic config over the base (RFC 7396)', () => {
    const parsed = parseEniConfigFile(chartConfigMap, {
      nodeEniConf:
        '{"vswitches": {"cn-hangzhou-j": ["vsw-ccc"]}, "security_groups": [], "max_pool_size": 0}',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const c = parsed.value.eniConf.config;
    expect(c.vSwitches).toEqual({ 'cn-hangzhou-i': ['vsw-aaa', 'vsw-bbb'], 'cn-hangzhou-j': [
      'vsw-ccc'] });
    expect(c.securityGroups).toEqual([]);
    expect(c.maxPoolSize).toBe(0);
    const dropped = parseEniConfigFile(chartConfigMap, { nodeEniConf:
      '{"vswitches": {"cn-hangzhou-i": null}}' });
    expect(dropped.ok && dropped.value.eniConf.config.vSwitches).toEqual({});
  });
});
