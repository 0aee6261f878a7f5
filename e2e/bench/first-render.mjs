// Median time from navigation start to the widget's first render, over fresh page loads
// in headless Chromium. The widget calls performance.mark("cfp:first-render") after its
// first render. Prints JSON: { "runs": [ms, ...], "median_ms": ms }.
//
// CFP_BASE_URL: the server of dist/ (`cargo xtask bench` starts one); CFP_RUNS: loads (5).

import { baseUrl, launchBrowser } from '../lib/browser.mjs';

const RUNS = Number(process.env.CFP_RUNS || 5);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const browser = await launchBrowser();
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/events/dask-summit-2021/`);
      await page.locator('form.cfp-form').waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForFunction(() => performance.getEntriesByName('cfp:first-render').length > 0, null, {
        timeout: 15_000,
      });
      const ms = await page.evaluate(() => performance.getEntriesByName('cfp:first-render')[0].startTime);
      runs.push(Math.round(ms * 10) / 10);
    } finally {
      await context.close();
    }
  }
  console.log(JSON.stringify({ runs, median_ms: median(runs) }));
} finally {
  await browser.close();
}
