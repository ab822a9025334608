// Files of several ConfigMaps: every ConfigMap is checked, and each finding says which one it is
// about. `kind: List` and multi-document files used to be read as one bare eni_conf (or only
// their first document) and pass (issue 17).
import { describe, expect, it } from 'vitest';
import { readEniConfigFile } from '../../src/config/document.js';
import { validateEniConfig } from '../../src/validate/validate.js';

function configMap(name: string, eniConf: string): string {
  return [`apiVersion: v1`, `kind: ConfigMap`, `metadata: { name: ${name}, namespace: kube-system }`,
    'data:', '  eni_conf: |', `    ${eniConf}`].join('\n');
}

const good = '{ "vswitches": { "cn-hangzhou-i": ["vsw-a"] }, "security_group": "sg-a", "service_cidr": "172.21.0.0/20" }';
const typo = '{ "vswitchs": { "cn-hangzhou-i": ["vsw-a"] } }';
const wrongType = '{ "max_pool_size": "five" }';

const yamlList = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: eni-config, namespace: kube-system }
    data:
      eni_conf: |
        ${good}
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: other, namespace: kube-system }
    data:
      eni_conf: |
        ${typo}
`;

const jsonList = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'eni-config', namespace: 'kube-system' }, data: { eni_conf: good } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'kube-system' }, data: { eni_conf: wrongType } },
] });

describe('files of several ConfigMaps', () => {
  it('checks every item of a YAML List and labels each finding with its item', () => {
    const report = validateEniConfig(yamlList);
    const unknown = report.diagnostics.find((d) => d.code === 'unknown-key');
    expect(unknown).toMatchObject({ path: 'eni_conf.vswitchs', document: 'items[1] (kube-system/other)' });
    expect(unknown?.line).toBe(yamlList.split('\n').findIndex((line) => line.includes('vswitchs')) + 1);
    expect(report.diagnostics.every((d) => d.document?.startsWith('items['))).toBe(true);
  });

  it('checks every item of a JSON List (as kubectl get cm -o json prints it)', () => {
    const report = validateEniConfig(jsonList);
    expect(report.ok).toBe(false);
    expect(report.diagnostics.find((d) => d.code === 'wrong-type')).toMatchObject({
      path: 'eni_conf.max_pool_size', document: 'items[1] (kube-system/other)' });
    expect(report.diagnostics.some((d) => d.code === 'unknown-key')).toBe(false);
  });

  it('checks every document of a multi-document file, and refuses a document that is not a ConfigMap', () => {
    const text = `${configMap('eni-config', good)}\n---\n${configMap('eni-config-2', wrongType)}\n---\nkind: Secret\nmetadata: { name: s }\n`;
    const report = validateEniConfig(text);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.document]))
      .toEqual([['wrong-type', 'document 2 (kube-system/eni-config-2)'], ['document-shape', 'document 3 (s)']]);
    expect(report.diagnostics.find((d) => d.code === 'wrong-type')?.line).toBe(13);
  });

  it('refuses an empty List', () => {
    expect(validateEniConfig('kind: List\nitems: []\n').diagnostics).toEqual([expect.objectContaining({
      code: 'document-shape', path: 'items', document: 'items' })]);
  });

  it('gives run and capacity the ConfigMap named eni-config, or refuses a file without exactly one', () => {
    const file = readEniConfigFile(jsonList);
    expect(file.ok && file.value.name).toBe('eni-config');
    const none = readEniConfigFile(`${configMap('a', good)}\n---\n${configMap('b', good)}\n`);
    expect(none).toMatchObject({ ok: false, error: [{ kind: 'shape', message: expect.stringContaining(
      'the file holds 2 documents (document 1 (kube-system/a), document 2 (kube-system/b)) and none is the ConfigMap eni-config') }] });
  });

  it('a single document is read as before, with no document label', () => {
    const report = validateEniConfig(configMap('eni-config', typo));
    expect(report.diagnostics.every((d) => d.document === undefined)).toBe(true);
  });
});

describe('hostile documents', () => {
  it('an alias bomb is a syntax error, not an exhausted heap', () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const report = validateEniConfig(`${rows.join('\n')}\n`);
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'yaml-syntax',
      message: expect.stringContaining('the aliases (*name) expand beyond 100 copies') })]);
  });
});
