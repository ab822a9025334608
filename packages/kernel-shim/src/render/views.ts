// The iproute2 views of a namespace, by the command that prints them: the one text renderer of
// kernel state (links, addresses, routes, rules, neighbours, qdiscs, filters). Every view is
// rendered from a `NamespaceSnapshot`, so the model and the real backend render alike, and the
// real `ip`/`tc` can be run with the same arguments (`viewArgs`) to check the text.
//
// When to use: anything that shows kernel state to people (`terway-sim inspect … ip|tc`, test
// expectations, reports) and the model-vs-Linux text check. Gotchas: text only, for people and
// golden tests; code that needs a value reads the snapshot. Random MACs, and anything derived
// from them, differ from run to run on Linux.

import type { NamespaceSnapshot } from '../netlink/kernel.js';
import { renderIpAddr, renderIpLink } from './ip-link.js';
import { renderIpRoute } from './ip-route.js';
import { renderIpNeigh, renderIpRule } from './ip-rule.js';
import { renderTcFilter, renderTcQdisc } from './tc.js';

export type Iproute2View =
  | { readonly tool: 'ip'; readonly object: 'link'; readonly details?: boolean }
  | { readonly tool: 'ip'; readonly object: 'addr' }
  | {
    readonly tool: 'ip'; readonly object: 'route';
    readonly family?: 4 | 6; readonly table?: number | 'all';
  }
  | { readonly tool: 'ip'; readonly object: 'rule'; readonly family?: 4 | 6 }
  | { readonly tool: 'ip'; readonly object: 'neigh' }
  | { readonly tool: 'tc'; readonly object: 'qdisc'; readonly dev?: string }
  | {
    readonly tool: 'tc'; readonly object: 'filter'; readonly dev: string; readonly parent: string;
  };

/** The arguments after `ip`/`tc` (and its `-n NS`) that print `view`. */
export function viewArgs(view: Iproute2View): string[] {
  switch (view.object) {
    case 'link': return view.details === true ? ['-d', 'link', 'show'] : ['link', 'show'];
    case 'addr': return ['addr', 'show'];
    case 'route': {
      const v4All = view.family === 4 && view.table === 'all';
      const family = view.family === 6 ? ['-6'] : v4All ? ['-4'] : [];
      const main = view.table === undefined || view.table === 254;
      const table = main ? [] : ['table', String(view.table)];
      return [...family, 'route', 'show', ...table];
    }
    case 'rule': return [...(view.family === 6 ? ['-6'] : []), 'rule', 'show'];
    case 'neigh': return ['neigh', 'show'];
    case 'qdisc': return ['qdisc', 'show', ...(view.dev === undefined ? [] : ['dev', view.dev])];
    case 'filter': return ['filter', 'show', 'dev', view.dev, ...filterParentArgs(view.parent)];
  }
}

function filterParentArgs(parent: string): string[] {
  return parent === 'ingress' || parent === 'egress' ? [parent] : ['parent', parent];
}

/** The command line a person would type: `ip -d link show`, `tc filter show dev eth1 egress`. */
export function viewCommand(view: Iproute2View): string {
  return [view.tool, ...viewArgs(view)].join(' ');
}

/** The text `view` prints for the namespace in `snapshot`, newline-terminated lines. */
export function renderView(snapshot: NamespaceSnapshot, view: Iproute2View): string {
  switch (view.object) {
    case 'link': return renderIpLink(snapshot, { details: view.details === true });
    case 'addr': return renderIpAddr(snapshot);
    case 'route': return renderIpRoute(snapshot, {
      ...(view.family !== undefined ? { family: view.family } : {}),
      ...(view.table !== undefined ? { table: view.table } : {}),
    });
    case 'rule': return renderIpRule(snapshot, view.family ?? 4);
    case 'neigh': return renderIpNeigh(snapshot);
    case 'qdisc': return renderTcQdisc(snapshot, view.dev);
    case 'filter': return renderTcFilter(snapshot, view.dev, view.parent);
  }
}

/** Where filters can hang in this namespace: each clsact's ingress and egress, each prio qdisc. */
export function filterParents(
  snapshot: NamespaceSnapshot,
): Array<{ readonly dev: string; readonly parent: string }> {
  const names = new Map(snapshot.links.map((link) => [link.index, link.name]));
  return snapshot.qdiscs.flatMap((qdisc) => {
    const dev = names.get(qdisc.linkIndex);
    if (dev === undefined) return [];
    if (qdisc.options.kind === 'clsact') {
      return [{ dev, parent: 'ingress' }, { dev, parent: 'egress' }];
    }
    if (qdisc.options.kind === 'ingress') return [{ dev, parent: 'ingress' }];
    return qdisc.options.kind === 'prio' ? [{ dev, parent: qdisc.handle }] : [];
  });
}

/**
 * The views that together show everything a namespace holds: what the model-vs-Linux text check
 * compares and what `inspect` offers, one filter view per place a filter can hang.
 */
export function namespaceViews(snapshot: NamespaceSnapshot): Iproute2View[] {
  return [
    { tool: 'ip', object: 'link', details: true },
    { tool: 'ip', object: 'addr' },
    { tool: 'ip', object: 'route', table: 'all' },
    { tool: 'ip', object: 'rule' },
    { tool: 'ip', object: 'rule', family: 6 },
    { tool: 'ip', object: 'neigh' },
    { tool: 'tc', object: 'qdisc' },
    ...filterParents(snapshot).map(({ dev, parent }): Iproute2View => (
      { tool: 'tc', object: 'filter', dev, parent })),
  ];
}
