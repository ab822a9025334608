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
  it.skipIf(!available)(
    `renders every chart without console errors${available ? '' : ' (skipped: /usr/bin/chromium is not installed; .ci/run installs it)'}`,
    async () => {
      const { chromium } = await import('playwright-core');
      const dir = mkdtempSync(join(tmpdir(), 'terway-sim-report-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, renderHtml(sampleReport()));
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('request', (request) => {
          if (!request.url().startsWith('file:')) problems.push(`network request ${request.url()}`);
        });
        await page.goto(`file://${file}`);
        const charts = await page.$$eval('svg.chart', (svgs) =>
          svgs.map((svg) => {
            const box = svg.getBoundingClientRect();
            return {
              width: box.width,
              height: box.height,
              marks: svg.querySelectorAll('path,rect').length,
            };
          }),
        );
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
    },
  );

  it.skipIf(!available)(
    'filters the timeline by node, pod, reason and kind; rows name the commands that open their instant',
    async () => {
      const { chromium } = await import('playwright-core');
      const dir = mkdtempSync(join(tmpdir(), 'terway-sim-report-'));
      const file = join(dir, 'report.html');
      const timeline = [
        {
          t: 61_500,
          object: 'Pod/default/web-1',
          type: 'Normal',
          reason: 'AllocIPSucceed',
          message: 'ok',
          node: 'pool-a-0',
        },
        {
          t: 62_000,
          object: 'Pod/default/web-2',
          type: 'Warning',
          reason: 'AllocIPFailed',
          message: 'no IP',
          node: 'pool-a-1',
        },
        {
          t: 90_000,
          object: 'Node/pool-a-1',
          type: 'Warning',
          reason: 'NodeNotReady',
          message: 'down',
          node: 'pool-a-1',
        },
      ];
      writeFileSync(
        file,
        renderHtml({ ...sampleReport(), timeline }, { runDir: 'reports/my run' }),
      );
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(`file://${file}`);
        await page.click('details summary');
        const visible = () =>
          page.$$eval('details table.timeline tr[data-kind]', (rows) =>
            rows
              .filter((row) => !(row as unknown as { hidden: boolean }).hidden)
              .map((row) => row.children[1]!.textContent),
          );
        expect(await visible()).toEqual([
          'Pod/default/web-1',
          'Pod/default/web-2',
          'Node/pool-a-1',
        ]);
        await page.fill('[data-filter=node]', 'pool-a-1');
        expect(await visible()).toEqual(['Pod/default/web-2', 'Node/pool-a-1']);
        await page.selectOption('[data-filter=kind]', 'Pod');
        expect(await visible()).toEqual(['Pod/default/web-2']);
        await page.fill('[data-filter=node]', '');
        await page.selectOption('[data-filter=kind]', '');
        await page.selectOption('[data-filter=reason]', 'NodeNotReady');
        expect(await visible()).toEqual(['Node/pool-a-1']);
        await page.selectOption('[data-filter=reason]', '');
        await page.fill('[data-filter=pod]', 'web-1');
        expect(await visible()).toEqual(['Pod/default/web-1']);
        const commands = await page.$$eval(
          'details tr[data-pod="default/web-1"] td.look code',
          (codes) => codes.map((code) => code.textContent),
        );
        expect(commands).toEqual([
          "terway-sim inspect 'reports/my run' --at 1m1.5s kubectl describe pod web-1 -n default",
          "terway-sim serve --scenario 'reports/my run' --at 1m1.5s",
        ]);
      } finally {
        await browser.close();
      }
    },
  );
});
