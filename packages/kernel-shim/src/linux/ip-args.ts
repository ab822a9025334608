// The iproute2 and tc command lines for each netlink request: pure functions from a request
// (with links already resolved to names and namespaces to their real names) to argv. Every
// default the model applies is passed explicitly, so both backends answer the same request.

import type { Scope } from '../netlink/address.js';
import type { RouteFilter, RouteProtocol, RouteSpec } from '../netlink/route.js';
import type { RuleFilter, RuleSpec } from '../netlink/rule.js';
import type { TcAction, TcProtocol, QdiscOptions, U32Key } from '../netlink/tc.js';

export const scopeNumbers: Readonly<Record<Scope, number>> = {
  universe: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
};

const protocolNumbers: Readonly<Record<string, number>> = {
  kernel: 2,
  boot: 3,
  static: 4,
  ra: 9,
  dhcp: 16,
};

export function protocolArg(protocol: RouteProtocol): string {
  return String(typeof protocol === 'number' ? protocol : protocolNumbers[protocol]);
}

export function familyFlag(text: string | undefined, fallback: 4 | 6 = 4): '-4' | '-6' {
  if (text === undefined || text === 'default') return fallback === 6 ? '-6' : '-4';
  return text.includes(':') ? '-6' : '-4';
}

export interface RouteNames {
  readonly oif?: string;
}

export function routeWriteArgs(
  verb: 'add' | 'replace',
  spec: RouteSpec,
  names: RouteNames,
): string[] {
  const family =
    spec.family !== undefined
      ? spec.family === 6
        ? '-6'
        : '-4'
      : familyFlag(spec.dst === 'default' ? spec.gateway : spec.dst);
  const args: string[] = [family, 'route', verb, spec.type ?? 'unicast', spec.dst];
  if (spec.gateway !== undefined) args.push('via', spec.gateway);
  if (names.oif !== undefined) args.push('dev', names.oif);
  args.push('table', String(spec.table ?? 254), 'proto', protocolArg(spec.protocol ?? 'boot'));
  if (family === '-4') {
    const type = spec.type ?? 'unicast';
    const scope =
      spec.scope ??
      (type === 'local'
        ? 'host'
        : type === 'broadcast' || type === 'anycast'
          ? 'link'
          : 'universe');
    args.push('scope', String(scopeNumbers[scope]));
    if (spec.tos !== undefined) args.push('tos', `0x${spec.tos.toString(16)}`);
  }
  if (spec.metric !== undefined) args.push('metric', String(spec.metric));
  if (spec.prefsrc !== undefined) args.push('src', spec.prefsrc);
  if (spec.onlink === true) args.push('onlink');
  return args;
}

export function routeDelArgs(
  filter: RouteFilter & { readonly dst: string },
  names: RouteNames,
): string[] {
  const family =
    filter.family === 6
      ? '-6'
      : filter.family === 4
        ? '-4'
        : familyFlag(filter.dst === 'default' ? filter.gateway : filter.dst);
  const args: string[] = [family, 'route', 'del'];
  if (filter.type !== undefined) args.push(filter.type);
  args.push(
    filter.dst,
    'table',
    String(filter.table === undefined || filter.table === 'all' ? 254 : filter.table),
  );
  if (filter.gateway !== undefined) args.push('via', filter.gateway);
  if (names.oif !== undefined) args.push('dev', names.oif);
  if (filter.protocol !== undefined) args.push('proto', protocolArg(filter.protocol));
  if (filter.scope !== undefined && family === '-4')
    args.push('scope', String(scopeNumbers[filter.scope]));
  if (filter.tos !== undefined && family === '-4') args.push('tos', `0x${filter.tos.toString(16)}`);
  if (filter.metric !== undefined) args.push('metric', String(filter.metric));
  return args;
}

function ruleSelectors(spec: RuleSpec | RuleFilter): string[] {
  const args: string[] = [];
  if ('invert' in spec && spec.invert === true) args.push('not');
  if (spec.src !== undefined) args.push('from', spec.src);
  if (spec.dst !== undefined) args.push('to', spec.dst);
  if (spec.iif !== undefined) args.push('iif', spec.iif);
  if (spec.oif !== undefined) args.push('oif', spec.oif);
  if (spec.fwmark !== undefined) {
    const mask =
      'fwmask' in spec && spec.fwmask !== undefined ? `/0x${spec.fwmask.toString(16)}` : '';
    args.push('fwmark', `0x${spec.fwmark.toString(16)}${mask}`);
  }
  if ('tos' in spec && spec.tos !== undefined && spec.tos !== 0)
    args.push('tos', `0x${spec.tos.toString(16)}`);
  if (spec.priority !== undefined) args.push('pref', String(spec.priority));
  return args;
}

function ruleFamily(spec: RuleSpec | RuleFilter): '-4' | '-6' {
  if (spec.family !== undefined) return spec.family === 6 ? '-6' : '-4';
  return familyFlag(spec.src ?? spec.dst);
}

export function ruleAddArgs(spec: RuleSpec): string[] {
  const args = [ruleFamily(spec), 'rule', 'add', ...ruleSelectors(spec)];
  const action = spec.action ?? 'lookup';
  if (action === 'lookup') args.push('lookup', String(spec.table ?? 254));
  else if (action === 'goto') args.push('goto', String(spec.gotoPriority));
  else args.push(action);
  if (spec.suppressPrefixLength !== undefined && spec.suppressPrefixLength >= 0)
    args.push('suppress_prefixlength', String(spec.suppressPrefixLength));
  return args;
}

export function ruleDelArgs(filter: RuleFilter): string[] {
  const args = [ruleFamily(filter), 'rule', 'del', ...ruleSelectors(filter)];
  if (filter.table !== undefined) args.push('lookup', String(filter.table));
  else if (filter.action !== undefined && filter.action !== 'lookup' && filter.action !== 'goto')
    args.push(filter.action);
  return args;
}

export function qdiscKindArgs(options: QdiscOptions): string[] {
  switch (options.kind) {
    case 'tbf':
      return [
        'tbf',
        'rate',
        `${options.rateBytesPerSecond * 8}bit`,
        'burst',
        String(options.burstBytes),
        'limit',
        String(options.limitBytes),
      ];
    case 'prio':
      return ['prio', 'bands', String(options.bands), 'priomap', ...options.priomap.map(String)];
    default:
      return [options.kind];
  }
}

export function tcParentArgs(parent: string): string[] {
  if (parent === 'root') return ['root'];
  if (parent === 'ingress' || parent === 'egress') return [parent];
  if (parent === 'clsact') return ['clsact'];
  return ['parent', parent];
}

export function tcProtocolArg(protocol: TcProtocol): string {
  return typeof protocol === 'number' ? `0x${protocol.toString(16)}` : protocol;
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

export function u32MatchArgs(keys: readonly U32Key[]): string[] {
  return keys.flatMap((key) => [
    'match',
    'u32',
    hex(key.value),
    hex(key.mask),
    'at',
    String(key.offset),
  ]);
}

export function tcActionArgs(
  action: TcAction,
  targetName: (index: number) => string | undefined,
): string[] {
  const control = action.control;
  switch (action.kind) {
    case 'vlan':
      return action.op === 'pop'
        ? ['action', 'vlan', 'pop', control]
        : ['action', 'vlan', 'push', 'id', String(action.vlanId), control];
    case 'tunnel_key':
      return ['action', 'tunnel_key', 'unset', control];
    case 'skbedit':
      return ['action', 'skbedit', 'ptype', action.ptype, control];
    case 'mirred':
      return [
        'action',
        'mirred',
        action.direction,
        action.op,
        'dev',
        targetName(action.targetIndex) ?? `#${action.targetIndex}`,
        control,
      ];
  }
}
