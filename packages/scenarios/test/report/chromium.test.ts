// Opens report.html in headless Chromium (Debian's, driven by playwright-core) and checks that it
// renders its charts without console errors. Skips, saying why, where Chromium is not installed.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from '../../src/testing/sample-report.js';

const chromiumPath = '/usr/bin/chromium';
const available = existsSync(chromiumPath);

describe('report.html in a browser', () => {
  it.skipIf(!available)(`renders every chart without console errors${available ? '' : ' (skipped: /usr/bin/chromium is not installed; .ci/run installs it)'}`, async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(sampleReport()));
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => { if (!request.url().startsWith('file:')) problems.push(`network request ${request.url()}`); });
      await page.goto(`file://${file}`);
      const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height, marks: svg.querySelectorAll('path,rect').length };
      }));
      expect(charts).toHaveLength(7);
      charts.forEach((chart) => {
        expect(chart.width).toBeGreaterThan(200);
        expect(chart.height).toBeGreaterThan(80);
        expect(chart.marks).toBeGreaterThan(0);
      });
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
