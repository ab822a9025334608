// Go's text/tabwriter, which kubectl aligns all its text with: cells are terminated by a tab,
// the text after a line's last tab is not part of any column. A column block is a run of
// consecutive lines that have a cell in that column; every cell of a block is padded to the
// block's widest cell plus `padding`, at least `minWidth`. Widths count characters (runes).
//
// kubectl uses two configurations: `get` prints tables with minimum width 6 and padding 3 and
// remembers widths across flushes (k8s.io/cli-runtime pkg/printers/tabwriter.go, so that
// `kubectl get -w` never narrows a column); `describe` prints with minimum width 0 and padding
// 2 (k8s.io/kubectl pkg/describe/describe.go, tabbedString).

export interface TabWriterOptions {
  readonly minWidth: number;
  readonly padding: number;
  /** Keep each column at least as wide as it was in earlier flushes. */
  readonly rememberWidths?: boolean;
}

export const getTableLayout: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };
export const describeLayout: TabWriterOptions = { minWidth: 0, padding: 2 };

const width = (text: string): number => [...text].length;

export class TabWriter {
  private text = '';
  private readonly maxWidths: number[] = [];

  constructor(private readonly options: TabWriterOptions) {}

  write(text: string): void {
    this.text += text;
  }

  /** The aligned text written since the last flush. */
  flush(): string {
    const lines = this.text.split('\n').map((line) => line.split('\t'));
    this.text = '';
    const out: string[] = [];
    this.format(lines, 0, lines.length, [], out);
    return out.join('\n');
  }

  /** Go's tabwriter.format: aligns `column` over each block in lines[from, to). */
  private format(lines: string[][], from: number, to: number, widths: number[],
    out: string[]): void {
    const column = widths.length;
    let start = from;
    for (let line = from; line < to; line++) {
      if (column >= lines[line]!.length - 1) continue;
      this.writeLines(lines, start, line, widths, out);
      start = line;
      let blockWidth = this.options.minWidth;
      for (; line < to && column < lines[line]!.length - 1; line++) {
        blockWidth = Math.max(blockWidth, width(lines[line]![column]!) + this.options.padding);
      }
      if (this.options.rememberWidths === true) {
        const remembered = this.maxWidths[column] ?? 0;
        if (remembered > blockWidth) blockWidth = remembered;
        this.maxWidths[column] = blockWidth;
      }
      this.format(lines, start, line, [...widths, blockWidth], out);
      start = line;
      line--;
    }
    this.writeLines(lines, start, to, widths, out);
  }

  private writeLines(lines: string[][], from: number, to: number, widths: readonly number[],
    out: string[]): void {
    for (let index = from; index < to; index++) {
      out.push(lines[index]!.map((cell, column) => (column < widths.length
        ? cell + ' '.repeat(Math.max(0, widths[column]! - width(cell))) : cell)).join(''));
    }
  }
}

/** Aligns `text` in one flush. */
export function tabbed(text: string, options: TabWriterOptions): string {
  const writer = new TabWriter(options);
  writer.write(text);
  return writer.flush();
}
