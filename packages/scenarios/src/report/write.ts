// Writes a run's reports: report.json (the contract), report.md and report.html (events.jsonl is
// streamed during the run: event-stream.ts). The directory is created if needed; files are
// replaced whole.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { RunReport } from './model.js';

export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

export function writeReports(
  dir: string,
  report: RunReport,
): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const paths = {
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
  };
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown(report));
  writeFileSync(paths.html, renderHtml(report, { runDir: dir }));
  return paths;
}
