// kubectl's column alignment: Go's text/tabwriter as kubectl configures it (k8s.io/cli-runtime
// pkg/printers/tabwriter.go: minimum cell width 6, padding 3, padded with spaces, widths
// remembered across flushes so that `kubectl get -w` never narrows a column). Cells are
// tab-terminated; the last cell of a line is not part of a column and is written as it is, so
// lines carry no trailing spaces. Widths count characters (runes), as Go does.

const minWidth = 6;
const padding = 3;

export class TabWriter {
  private readonly lines: string[][] = [];
  private readonly widths: number[] = [];

  /** Adds one line of cells (without tabs or newlines in them). */
  line(cells: readonly string[]): void {
    this.lines.push([...cells]);
  }

  /** The text of the lines added since the last flush, aligned. */
  flush(): string {
    // A column block is a run of consecutive lines that have a cell in that column; kubectl's
    // tables give every line the same cells, so each column is one block here.
    for (const cells of this.lines) {
      for (let index = 0; index < cells.length - 1; index++) {
        const width = Math.max(minWidth, [...cells[index]!].length + padding);
        this.widths[index] = Math.max(this.widths[index] ?? 0, width);
      }
    }
    const text = this.lines.map((cells) => cells.map((cell, index) => (index === cells.length - 1
      ? cell : cell + ' '.repeat(this.widths[index]! - [...cell].length))).join('') + '\n');
    this.lines.length = 0;
    return text.join('');
  }
}
