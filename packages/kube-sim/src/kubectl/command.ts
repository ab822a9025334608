// A kubectl command line (`get …`, `describe …`) run in process against an object store: what
// `terway-sim inspect … kubectl ARGS…` prints at an instant of a run. The flags are the ones
// kubectl's get and describe take for the views kube-sim renders (kubectl.ts); anything else is
// refused as kubectl refuses it, with exit code 1 and a line on stderr saying what is served.
//
// Parsing follows kubectl's (cobra/pflag) forms: `-n NS`, `-nNS`, `--namespace NS`,
// `--namespace=NS`, `-o wide`, `-owide`, `--output=yaml`, `RESOURCE NAME` or `RESOURCE/NAME`.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import { kubectlDescribe, kubectlGet, type GetRequest, type KubectlOutput } from './kubectl.js';

/** What a kubectl process leaves: its exit code and its two streams. */
export interface KubectlRun extends KubectlOutput {
  readonly exitCode: number;
}

interface Parsed {
  readonly positional: string[];
  readonly flags: Map<string, string>;
}

/** Flags that take a value, by every name kubectl accepts for them. */
const valued = new Map([['-n', 'namespace'], ['--namespace', 'namespace'], ['-o', 'output'],
  ['--output', 'output'], ['-l', 'selector'], ['--selector', 'selector'],
  ['--field-selector', 'field-selector']]);
/** Flags without a value. */
const booleans = new Map([['-A', 'all-namespaces'], ['--all-namespaces', 'all-namespaces'],
  ['--show-labels', 'show-labels']]);
const outputs = ['wide', 'yaml', 'json'] as const;

/** Splits a command line into positional arguments and flags (last one wins, as in pflag). */
function parseArgs(args: readonly string[]): Result<Parsed, string> {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const short = !arg.startsWith('--') && arg.length > 2 ? arg.slice(0, 2) : undefined;
    const name = equals > 0 ? arg.slice(0, equals) : short ?? arg;
    const inline = equals > 0 ? arg.slice(equals + 1)
      : short !== undefined ? arg.slice(2) : undefined;
    const boolean = booleans.get(name);
    if (boolean !== undefined && (inline === undefined || inline === 'true')) {
      flags.set(boolean, 'true');
      continue;
    }
    if (boolean !== undefined && inline === 'false') {
      flags.delete(boolean);
      continue;
    }
    const key = valued.get(name);
    if (key === undefined) {
      return err(`error: unknown flag: ${name} (served: ${[...valued.keys(),
        ...booleans.keys()].join(' ')})`);
    }
    const value = inline ?? args[++i];
    if (value === undefined) return err(`error: flag needs an argument: ${name}`);
    flags.set(key, value);
  }
  return ok({ positional, flags });
}

/** `RESOURCE NAME` or `RESOURCE/NAME`, the forms kubectl takes for one object. */
function target(positional: readonly string[]): Result<{ resource: string; name?: string },
  string> {
  const [first, second, ...rest] = positional;
  if (first === undefined) {
    return err('error: You must specify the type of resource to get (for example pods, nodes, ' +
      'deployments, events, configmaps, namespaces, podenis)');
  }
  const slash = first.indexOf('/');
  if (slash > 0) {
    if (second !== undefined) return err('error: there is no need to specify a resource type ' +
      'as a separate argument when passing arguments in resource/name form');
    return ok({ resource: first.slice(0, slash), name: first.slice(slash + 1) });
  }
  if (rest.length > 0) {
    return err(`error: one name at a time is served; got ${positional.length - 1}`);
  }
  return ok(second === undefined ? { resource: first } : { resource: first, name: second });
}

function getRequest(parsed: Parsed): Result<GetRequest, string> {
  const named = target(parsed.positional);
  if (!named.ok) return named;
  const output = parsed.flags.get('output');
  if (output !== undefined && !(outputs as readonly string[]).includes(output)) {
    return err(`error: unable to match a printer suitable for the output format "${output}", ` +
      `allowed formats are: ${outputs.join(',')}`);
  }
  const optional = <T>(key: string, value: T | undefined): Partial<Record<string, T>> =>
    value === undefined ? {} : { [key]: value };
  return ok({ ...named.value,
    ...optional('namespace', parsed.flags.get('namespace')),
    ...optional('allNamespaces', parsed.flags.has('all-namespaces') ? true : undefined),
    ...optional('output', output as GetRequest['output']),
    ...optional('labelSelector', parsed.flags.get('selector')),
    ...optional('fieldSelector', parsed.flags.get('field-selector')),
    ...optional('showLabels', parsed.flags.has('show-labels') ? true : undefined) });
}

function finish(result: Result<KubectlOutput, string>): KubectlRun {
  return result.ok ? { exitCode: 0, ...result.value }
    : { exitCode: 1, stdout: '', stderr: `${result.error}\n` };
}

/**
 * Runs `kubectl ARGS…` (`get …` or `describe …`, without the word kubectl) against the API
 * server's store at the wall instant `nowMs` (ages are measured from it).
 */
export function kubectlCommand(api: Pick<ApiServer, 'store'>, nowMs: number,
  args: readonly string[]): KubectlRun {
  const [verb, ...rest] = args;
  if (verb !== 'get' && verb !== 'describe') {
    return finish(err(`error: unknown command "${verb ?? ''}" for "kubectl" ` +
      '(served: get, describe)'));
  }
  const parsed = parseArgs(rest);
  if (!parsed.ok) return finish(parsed);
  if (verb === 'get') {
    const request = getRequest(parsed.value);
    return finish(request.ok ? kubectlGet(api.store, nowMs, request.value) : request);
  }
  const named = target(parsed.value.positional);
  if (!named.ok) return finish(named);
  if (named.value.name === undefined) {
    return finish(err(`error: describe needs a name: kubectl describe ${named.value.resource} ` +
      'NAME'));
  }
  const namespace = parsed.value.flags.get('namespace');
  return finish(kubectlDescribe(api.store, nowMs, { resource: named.value.resource,
    name: named.value.name, ...(namespace === undefined ? {} : { namespace }) }));
}
