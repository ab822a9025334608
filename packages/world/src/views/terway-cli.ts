// `inspect … terway-cli NODE COMMAND…`: terway-cli run on one node of a checkpoint. The daemon's
// answers are the node's tracing snapshot (absent while no daemon runs, which terway-cli reports
// as the gRPC error it gets); `metadata` reads the metadata service of a cloud restored from the
// checkpoint, as that node sees it at that instant, and names interfaces from the node's host
// network namespace, where terway-cli runs (host network). terway-core prints (terway-cli/).

import { runTerwayCli, type HostLink, type MetadataReader } from '@terway-sim/terway-core';
import type { Result } from '@terway-sim/sim-base';
import type { NodeCheckpoint, WorldCheckpoint } from '../checkpoint.js';
import { restoreCloud } from './restore-cloud.js';

function hostLinks(checkpoint: WorldCheckpoint, node: NodeCheckpoint): HostLink[] {
  const links = checkpoint.namespace(node.hostNs)?.links ?? [];
  return [...links].sort((a, b) => a.index - b.index)
    .map((link) => ({ name: link.name, mac: link.mac }));
}

/** `terway-cli ARGS…` on `node` at the checkpoint's instant; the error is terway-cli's line. */
export function terwayCliView(checkpoint: WorldCheckpoint, node: NodeCheckpoint,
  args: readonly string[]): Result<string, string> {
  let cloud: ReturnType<typeof restoreCloud> | undefined;
  // Only `metadata` reads the cloud; restore it on its first read.
  const metadata: MetadataReader = (path) => (cloud ??= restoreCloud(checkpoint))
    .readMetadata(node.instanceId, path);
  return runTerwayCli({ daemon: checkpoint.daemon(node.name)?.tracing, metadata,
    hostLinks: hostLinks(checkpoint, node) }, args);
}
