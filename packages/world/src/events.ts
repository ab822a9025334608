// The world's domain events, typed: everything a checker, an observer or a report may want to
// react to, from every part of the assembly, on one topic (`World.events`), in the order it
// happened. The packages publish their own typed events (kube-sim's activity, the cloud's calls
// and state changes, object writes in the API server); the world forwards them and adds its own
// (nodes joining and going, Terway's daemon starting and failing, ENIs plugged into hosts).
//
// Nothing here is parsed from the event log: the log is one subscriber among others, and its
// lines are a record, not an interface.

import type { CallRecord, EniStateEvent } from '@terway-sim/cloud-emulator';
import type { Change, KubeActivity } from '@terway-sim/kube-sim';

/** What the world itself does to nodes and to Terway's daemonset pods. */
export type NodeActivity =
  | { readonly type: 'node.registered'; readonly node: string; readonly instance: string;
      readonly ip: string; readonly instanceType: string }
  | { readonly type: 'node.gone'; readonly node: string; readonly instance: string;
      readonly reason: 'lost' | 'released' }
  | { readonly type: 'node.add.failed'; readonly group: string; readonly error: string }
  | { readonly type: 'terway.started'; readonly node: string;
      /** The pool's size bounds as the daemon computed them (ENI modes). */
      readonly capacity: number | undefined; readonly maxEni: number | undefined }
  | { readonly type: 'terway.start.failed'; readonly node: string; readonly error: string;
      readonly retryInMs: number }
  | { readonly type: 'terway.restart'; readonly node: string }
  | { readonly type: 'device.plugged'; readonly eni: string; readonly mac: string;
      /** The host network namespace the NIC appeared in, and its name there. */
      readonly ns: string; readonly dev: string; readonly ok: boolean }
  | { readonly type: 'device.unplugged'; readonly eni: string; readonly mac: string;
      readonly ok: boolean };

/** An API call the cloud answered (or did not answer: a timeout). */
export interface CloudCallEvent {
  readonly type: 'cloud.call';
  readonly atMs: number;
  readonly record: CallRecord;
}

/** An ENI changed status in the cloud (the emulator's typed `eni.state` event). */
export interface CloudEniStateEvent {
  readonly type: 'cloud.eni.state';
  readonly atMs: number;
  readonly eniId: EniStateEvent['eniId'];
  readonly from: EniStateEvent['from'];
  readonly to: EniStateEvent['to'];
  /** The instance the ENI is (or was) attached to; null when none. */
  readonly instanceId: string | null;
}

/** A write to an object in the cluster's API server. */
export interface ObjectChangeEvent {
  readonly type: 'object';
  /** The resource id (`pods`, `nodes`, `network.alibabacloud.com/podenis`, …). */
  readonly resource: string;
  readonly change: Change;
}

export type WorldEvent =
  | KubeActivity | NodeActivity | CloudCallEvent | CloudEniStateEvent | ObjectChangeEvent;

export type WorldEventType = WorldEvent['type'];
