// Removes what a crashed run left behind: every network namespace whose name starts with the
// run prefix root (`tsim`) or a given run prefix. Only namespaces are removed, and only ours;
// the veths inside them go with them. The host namespace is never touched.

import { runCommand, type Runner } from './exec.js';
import { runPrefixRoot } from './names.js';

export interface CleanupReport {
  readonly removed: readonly string[];
  readonly failed: ReadonlyArray<{ readonly name: string; readonly message: string }>;
}

export async function cleanupLeftovers(
  options: { readonly prefix?: string; readonly run?: Runner } = {},
): Promise<CleanupReport> {
  const run = options.run ?? runCommand;
  const prefix = options.prefix ?? runPrefixRoot;
  if (!prefix.startsWith(runPrefixRoot))
    throw new RangeError(`cleanup prefix must start with ${runPrefixRoot}`);
  const listed = await run(['ip', '-j', 'netns', 'list']);
  if (listed.code !== 0)
    return { removed: [], failed: [{ name: '*', message: listed.stderr.trim() }] };
  const names =
    listed.stdout.trim() === ''
      ? []
      : (JSON.parse(listed.stdout) as Array<{ name: string }>).map((entry) => entry.name);
  const ours = names
    .filter((name) => name.startsWith(prefix))
    .sort(
      (a, b) => Number(a.endsWith('_fabric')) - Number(b.endsWith('_fabric')) || (a < b ? -1 : 1),
    );
  const removed: string[] = [];
  const failed: Array<{ name: string; message: string }> = [];
  for (const name of ours) {
    const result = await run(['ip', 'netns', 'del', name]);
    if (result.code === 0) removed.push(name);
    else failed.push({ name, message: result.stderr.trim() });
  }
  return { removed, failed };
}
