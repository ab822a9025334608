// Golden tests of the pterm printers terway-cli draws with (pterm v0.12.62, tree_printer.go,
// bulletlist_printer.go, putils/tree_from_leveled_list.go). The rules the goldens follow:
//   - an item is `├──text`, or `└──text` when it is the last of its siblings;
//   - an item with children is `├─┬text` / `└─┬text`; its children are prefixed with `│ ` under
//     an item that has later siblings and with two spaces under a last item;
//   - the root's text is printed (as its own line) only when it is not empty;
//   - TreeFromLeveledList pulls an item deeper than one below its predecessor up to one below;
//   - a bullet item is `<level spaces><bullet> <text>`;
//   - Render() appends one newline to the drawing (Fprintln), so output ends with an empty line.

import { describe, expect, it } from 'vitest';
import {
  renderBulletList, renderTree, treeFromLeveledList, type LeveledItem,
} from '../../src/terway-cli/pterm.js';

const item = (level: number, text: string): LeveledItem => ({ level, text });

describe('pterm tree', () => {
  it('draws pterm\'s own leveled-list example (_examples/tree/from-leveled-list)', () => {
    const root = treeFromLeveledList([item(0, 'C:'), item(1, 'Users'), item(1, 'Windows'),
      item(1, 'Programs'), item(1, 'Programs(x86)'), item(1, 'dev'), item(0, 'D:'), item(0, 'E:'),
      item(1, 'Movies'), item(1, 'Music'), item(2, 'LinkinPark'), item(1, 'Games'),
      item(2, 'Shooter'), item(3, 'CallOfDuty'), item(3, 'CS:GO'), item(3, 'Battlefield'),
      item(4, 'Battlefield 1'), item(4, 'Battlefield 2'), item(0, 'F:'), item(1, 'dev'),
      item(2, 'dops'), item(2, 'PTerm')]);
    expect(renderTree({ ...root, text: 'Computer' })).toBe([
      'Computer',
      '├─┬C:',
      '│ ├──Users',
      '│ ├──Windows',
      '│ ├──Programs',
      '│ ├──Programs(x86)',
      '│ └──dev',
      '├──D:',
      '├─┬E:',
      '│ ├──Movies',
      '│ ├─┬Music',
      '│ │ └──LinkinPark',
      '│ └─┬Games',
      '│   └─┬Shooter',
      '│     ├──CallOfDuty',
      '│     ├──CS:GO',
      '│     └─┬Battlefield',
      '│       ├──Battlefield 1',
      '│       └──Battlefield 2',
      '└─┬F:',
      '  └─┬dev',
      '    ├──dops',
      '    └──PTerm',
      '', '',
    ].join('\n'));
  });

  it('pulls an item that jumps levels up to one below its predecessor (pterm\'s ' +
    'LevelInvalidIncrease case)', () => {
    const jumped = treeFromLeveledList([item(0, '2.0'), item(1, '2.2'), item(2, '2.2.1'),
      item(10, '2.3')]);
    const stepped = treeFromLeveledList([item(0, '2.0'), item(1, '2.2'), item(2, '2.2.1'),
      item(3, '2.3')]);
    expect(jumped).toEqual(stepped);
  });

  it('prints only the closing newline for an empty tree, and never an empty root line', () => {
    expect(renderTree(treeFromLeveledList([]))).toBe('\n');
    expect(renderTree(treeFromLeveledList([item(0, 'only')]))).toBe('└──only\n\n');
  });
});

describe('pterm bullet list', () => {
  it('indents by level and prints the bullet, then one empty line', () => {
    expect(renderBulletList([item(0, 'network_service'), item(2, 'deeper')], '*'))
      .toBe('* network_service\n  * deeper\n\n');
    expect(renderBulletList([], '*')).toBe('\n');
  });
});
