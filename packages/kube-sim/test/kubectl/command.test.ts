// kubectlCommand reads a kubectl command line as kubectl does: every spelling of a flag gives the
// view kubectlGet/kubectlDescribe render for the same request, and what is not served is exit 1
// with a line on stderr naming what is.

import { beforeAll, describe, expect, it } from 'vitest';
import { kubectlCommand } from '../../src/kubectl/command.js';
import { kubectlDescribe, kubectlGet, type GetRequest } from '../../src/kubectl/kubectl.js';
import { servedCluster } from '../http/served-cluster.js';

describe('kubectlCommand', () => {
  let cluster: Awaited<ReturnType<typeof servedCluster>>;
  const nowMs = (): number => cluster.env.scheduler.wallMs();
  const get = (request: GetRequest): string => {
    const printed = kubectlGet(cluster.api.store, nowMs(), request);
    if (!printed.ok) throw new Error(printed.error);
    return printed.value.stdout;
  };

  beforeAll(async () => {
    cluster = await servedCluster(6);
  });

  it.each([
    { args: ['get', 'pods', '-A', '-o', 'wide'],
      request: { resource: 'pods', allNamespaces: true, output: 'wide' } },
    { args: ['get', 'po', '--all-namespaces', '-owide'],
      request: { resource: 'po', allNamespaces: true, output: 'wide' } },
    { args: ['get', 'cm', '-n', 'kube-system', '--output=yaml'],
      request: { resource: 'cm', namespace: 'kube-system', output: 'yaml' } },
    { args: ['get', 'cm/eni-config', '--namespace=kube-system', '-o', 'json'],
      request: { resource: 'cm', name: 'eni-config', namespace: 'kube-system', output: 'json' } },
    { args: ['get', 'pods', '-l', 'app=db', '--show-labels'],
      request: { resource: 'pods', labelSelector: 'app=db', showLabels: true } },
    { args: ['get', 'events', '-A', '--field-selector', 'involvedObject.name=node-1'],
      request: { resource: 'events', allNamespaces: true,
        fieldSelector: 'involvedObject.name=node-1' } },
    { args: ['get', 'pod', 'db-0', '--selector=app=db'],
      request: { resource: 'pod', name: 'db-0', labelSelector: 'app=db' } },
  ] satisfies Array<{ args: string[]; request: GetRequest }>)('$args prints kubectlGet\'s view',
    ({ args, request }) => {
      const run = kubectlCommand(cluster.api, nowMs(), args);
      expect(run).toEqual({ exitCode: 0, stdout: get(request), stderr: '' });
      expect(run.stdout).not.toBe('');
    });

  it('describe takes RESOURCE NAME and RESOURCE/NAME, with -n', () => {
    const expected = kubectlDescribe(cluster.api.store, nowMs(),
      { resource: 'pod', name: 'db-0', namespace: 'default' });
    if (!expected.ok) throw new Error(expected.error);
    expect(kubectlCommand(cluster.api, nowMs(), ['describe', 'pod/db-0', '-n', 'default']))
      .toEqual({ exitCode: 0, ...expected.value });
    const node = kubectlCommand(cluster.api, nowMs(), ['describe', 'node', 'node-1']);
    expect(node.stdout).toMatch(/^Name: +node-1$/m);
  });

  it('an empty namespace prints kubectl\'s note on stderr, exit 0', () => {
    expect(kubectlCommand(cluster.api, nowMs(), ['get', 'pods', '-n', 'nowhere']))
      .toEqual({ exitCode: 0, stdout: '', stderr: 'No resources found in nowhere namespace.\n' });
  });

  it.each([
    { args: [], stderr: /unknown command "" for "kubectl" \(served: get, describe\)/ },
    { args: ['delete', 'pod', 'db-0'], stderr: /unknown command "delete".*served: get/ },
    { args: ['get'], stderr: /You must specify the type of resource/ },
    { args: ['get', 'pods', '--watch'], stderr: /unknown flag: --watch \(served: -n / },
    { args: ['get', 'pods', '-n'], stderr: /flag needs an argument: -n/ },
    { args: ['get', 'pods', '-o', 'name'], stderr: /output format "name".*wide,yaml,json/ },
    { args: ['get', 'leases'], stderr: /doesn't have a resource type "leases" \(known: / },
    { args: ['get', 'pod', 'nope'], stderr: /NotFound.*pods "nope" not found/ },
    { args: ['get', 'pod/db-0', 'db-1'], stderr: /no need to specify a resource type/ },
    { args: ['get', 'pods', 'a', 'b'], stderr: /one name at a time/ },
    { args: ['describe', 'pods'], stderr: /describe needs a name/ },
    { args: ['describe', 'cm', 'eni-config'],
      stderr: /describe serves pods, nodes and networkpolicies/ },
  ])('$args is exit 1 with what is served on stderr', ({ args, stderr }) => {
    const run = kubectlCommand(cluster.api, nowMs(), args);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr.endsWith('\n')).toBe(true);
  });
});
