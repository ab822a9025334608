// The two pterm printers terway-cli draws with (github.com/pterm/pterm v0.12.62, the version
// Terway's go.mod pins): the tree printer (`DefaultTree`, fed by `putils.TreeFromLeveledList`)
// and the bullet list (`DefaultBulletList`). terway-cli's output is these printers' text, so the
// simulator's `terway-cli` view must draw exactly what they draw:
//   - a tree item is `├──text` (or `└──text` when it is the last of its siblings); an item with
//     children is `├─┬text` / `└─┬text`, and its children are indented by `│ ` (or two spaces
//     under a last item); the root's own text is printed only when it is not empty;
//   - a bullet item is `<level spaces><bullet> <text>`;
//   - `Render()` prints the drawing followed by one more newline (pterm's Fprintln), so every
//     tree and list ends with an empty line, and an empty one prints just that line.
// Colours are left out: terway-cli styles values and bullets, which matters only on a terminal.

import { assert } from '@terway-sim/sim-base';

/** One line of a leveled list: its depth (0 = top) and text. */
export interface LeveledItem {
  readonly level: number;
  readonly text: string;
}

export interface TreeNode {
  readonly text: string;
  readonly children: TreeNode[];
}

/**
 * Builds a tree from a leveled list as `putils.TreeFromLeveledList` does: an item deeper than one
 * level below its predecessor is pulled up to one level below it; a negative level counts as 0.
 */
export function treeFromLeveledList(items: readonly LeveledItem[]): TreeNode {
  const root: TreeNode = { text: '', children: [] };
  const levels = items.map((item) => Math.max(0, item.level));
  items.forEach((item, index) => {
    const level = levels[index]!;
    const next = levels[index + 1];
    if (next !== undefined && next - 1 > level) levels[index + 1] = level + 1;
    let parent = root;
    for (let depth = 0; depth < level; depth++) {
      const last = parent.children.at(-1);
      // pterm indexes the last child without a check and panics; no caller of ours starts deep.
      assert(last !== undefined, () => `leveled list item ${index} ("${item.text}") has no parent`);
      parent = last;
    }
    parent.children.push({ text: item.text, children: [] });
  });
  return root;
}

const branch = { middle: '├', last: '└', horizontal: '─', vertical: '│', down: '┬' } as const;
const indent = 2;

function walk(nodes: readonly TreeNode[], prefix: string, lines: string[]): void {
  nodes.forEach((node, index) => {
    const isLast = index === nodes.length - 1;
    const corner = isLast ? branch.last : branch.middle;
    if (node.children.length === 0) {
      lines.push(`${prefix}${corner}${branch.horizontal.repeat(indent)}${node.text}`);
      return;
    }
    const opening = `${corner}${branch.horizontal.repeat(indent - 1)}${branch.down}`;
    lines.push(`${prefix}${opening}${node.text}`);
    const childPrefix = isLast ? ' '.repeat(indent) : `${branch.vertical}${' '.repeat(indent - 1)}`;
    walk(node.children, `${prefix}${childPrefix}`, lines);
  });
}

/** What `pterm.DefaultTree.WithRoot(root).Render()` prints. */
export function renderTree(root: TreeNode): string {
  const lines: string[] = root.text === '' ? [] : [root.text];
  walk(root.children, '', lines);
  return `${lines.map((line) => `${line}\n`).join('')}\n`;
}

/** What `pterm.DefaultBulletList.WithBullet(bullet).WithItems(items).Render()` prints. */
export function renderBulletList(items: readonly LeveledItem[], bullet: string): string {
  return `${items.map((item) => `${' '.repeat(item.level)}${bullet} ${item.text}\n`).join('')}\n`;
}
