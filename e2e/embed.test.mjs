// Embedding, as a site maintainer does it: the folder `cargo xtask dist` makes, served by a
// host site of its own (lib/host-site.mjs), one script tag per page. A strict CSP, two
// widgets on a page, the JavaScript API and unmount(), and a hostile host page.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import {
  ARTIFACTS,
  assertNoErrors,
  baseUrl,
  eventually,
  launchBrowser,
  openPage,
  recordEvents,
  screenshot,
  withPage,
} from './lib/browser.mjs';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { startHostSite } from './lib/host-site.mjs';
import { fillTalk } from './lib/seed.mjs';
import { receiptId } from './lib/server.mjs';

const TIMEOUT = { timeout: 120_000 };

/** How many listeners `window` and `document` have, from the DevTools protocol. */
async function listenerCount(cdp) {
  let total = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    total += listeners.length;
  }
  return total;
}

/** A PNG screenshot of the widget's own box (inside its shadow root) on `page`. */
async function widgetShot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const png = await page.locator('.cfp-widget').first().screenshot({ path: path.join(ARTIFACTS, name) });
  return PNG.sync.read(png);
}

describe('embedding on a host site', () => {
  let browser;
  let site;
  before(async () => {
    browser = await launchBrowser();
    site = await startHostSite();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('under a strict CSP the widget mounts and submits with no violation', TIMEOUT, async () => {
    await withPage(
      browser,
      `${site.url}/pages/strict-csp.html`,
      async ({ page }) => {
        // The stylesheet reached the shadow root: the button has the widget's colour.
        const button = page.getByRole('button', { name: 'Submit proposal' });
        assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 112, 60)');
        // (No axe here: the policy refuses the styles axe injects, which would be reported.)
        const violations = () => page.evaluate(() => window.__violations.splice(0));
        assert.deepEqual(await violations(), [], 'mounting');
        await fillTalk(page, { track: 'High Performance Python', email: 'strict.csp@example.org' });
        await button.click();
        const id = await receiptId(page);
        assert.deepEqual(await violations(), [], 'typing and sending');
        const events = await page.evaluate(() => window.__events);
        assert.equal(events.length, 1, JSON.stringify(events));
        assert.equal(events[0].name, 'cfp:submitted');
        assert.equal(events[0].detail.id, id);
        assert.equal(events[0].detail.event, 'scipy-2020-demo');
        assert.equal(events[0].detail.confirmed, true);
      },
      { init: recordEvents },
    );
  });

  test('two widgets on one page keep separate drafts and send independently', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/two-widgets.html`, {
      waitFor: '#scipy form.cfp-form',
      init: recordEvents,
    });
    try {
      const dask = page.locator('#dask');
      const scipy = page.locator('#scipy');
      await dask.locator('form.cfp-form').waitFor();
      // The page themes the Dask widget alone, by custom property and ::part().
      const submitStyle = (widget) =>
        widget.getByRole('button', { name: 'Submit proposal' }).evaluate((b) => {
          const style = getComputedStyle(b);
          return [style.backgroundColor, style.borderTopLeftRadius];
        });
      assert.deepEqual(await submitStyle(dask), ['rgb(123, 45, 139)', '999px']);
      assert.deepEqual(await submitStyle(scipy), ['rgb(0, 112, 60)', '0px']);
      await assertNoAxeViolations(page, 'a page with two widgets');
      await dask.getByLabel('Title', { exact: true }).fill('Dask on one page');
      await scipy.getByLabel('Title', { exact: true }).fill('SciPy on the same page');
      await eventually(
        () => page.evaluate(() => JSON.stringify(localStorage)).then((all) => all.includes('Dask on one page') && all.includes('SciPy on the same page')),
        'both drafts are saved',
      );
      await page.reload();
      await scipy.locator('form.cfp-form').waitFor();
      await dask.locator('form.cfp-form').waitFor();
      assert.equal(await dask.getByLabel('Title', { exact: true }).inputValue(), 'Dask on one page');
      assert.equal(await scipy.getByLabel('Title', { exact: true }).inputValue(), 'SciPy on the same page');

      await fillTalk(scipy, { track: 'Machine Learning and Data Science', email: 'two.widgets@example.org' });
      await scipy.getByRole('button', { name: 'Submit proposal' }).click();
      await receiptId(scipy);
      // The other widget is untouched: still its form, its draft, no errors shown.
      assert.equal(await dask.getByLabel('Title', { exact: true }).inputValue(), 'Dask on one page');
      assert.equal(await dask.locator('.cfp-error-summary, .cfp-receipt').count(), 0);
      const events = await page.evaluate(() => window.__events);
      assert.deepEqual(events.map((e) => [e.name, e.detail.event]), [['cfp:submitted', 'scipy-2020-demo']]);
      await page.reload();
      await dask.locator('form.cfp-form').waitFor();
      assert.equal(await dask.getByLabel('Title', { exact: true }).inputValue(), 'Dask on one page', 'the Dask draft outlives the SciPy receipt');
      assertNoErrors(errors, 'the two-widget page');
    } finally {
      await context.close();
    }
  });

  test('CfpWidget.mount takes a config object; unmount() removes the widget and every listener', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/two-widgets.html`, {
      waitFor: '#scipy form.cfp-form',
    });
    try {
      await page.locator('#dask form.cfp-form').waitFor();
      const cdp = await context.newCDPSession(page);
      const before = await listenerCount(cdp);
      const mounted = await page.evaluate(async () => {
        const config = await (await fetch('/api/events/scipy-2020-demo')).json();
        config.id = 'single-page-app';
        window.__spa = CfpWidget.mount(document.getElementById('spa'), config);
        await window.__spa.ready;
        return { version: CfpWidget.version, form: !!document.getElementById('spa').shadowRoot.querySelector('form') };
      });
      assert.deepEqual(mounted, { version: '0.1.0', form: true });
      await page.locator('#spa').getByLabel('Title', { exact: true }).fill('Typed before unmount');
      const during = await listenerCount(cdp);
      assert.ok(during > before, `mounting added listeners (${before} -> ${during})`);

      const left = await page.evaluate(() => {
        window.__spa.unmount();
        return document.getElementById('spa').shadowRoot.childElementCount;
      });
      assert.equal(left, 0, 'unmount empties the shadow root');
      assert.equal(await listenerCount(cdp), before, 'unmount removes every listener it added');
      // Whatever the page does next reaches nothing of the old widget.
      await page.evaluate(() => {
        for (const name of ['online', 'offline', 'pagehide', 'storage', 'visibilitychange']) {
          window.dispatchEvent(new Event(name));
        }
      });
      await page.waitForTimeout(1_000);
      assertNoErrors(errors, 'the page after unmount()');
    } finally {
      await context.close();
    }
  });

  test('the hashed copy, pinned with its integrity, loads only hashed files', TIMEOUT, async () => {
    await withPage(browser, `${site.url}/pages/pinned.html`, async ({ page }) => {
      await page.getByRole('heading', { name: /SciPy 2020/ }).first().waitFor();
      const button = page.getByRole('button', { name: 'Submit proposal' });
      assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 112, 60)');
      const widgetFiles = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.startsWith('/cdn/')),
      );
      assert.equal(widgetFiles.length, 4, widgetFiles.join(', '));
      for (const file of widgetFiles) {
        assert.match(file, /^\/cdn\/\d+\.\d+\.\d+\/cfp-widget[-a-z_]*\.[0-9a-f]{16}\.(js|wasm|css)$/, file);
      }
    });
  });

  test('a page on another origin loads the widget from the reference server, as from a CDN', TIMEOUT, async () => {
    await withPage(browser, `${site.url}/pages/cross-origin.html`, async ({ page }) => {
      await page.getByRole('heading', { name: 'Propose a talk for MyConf 2027' }).waitFor();
      // The stylesheet, linked across origins inside the shadow root, applies.
      const button = page.getByRole('button', { name: 'Submit proposal' });
      assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 112, 60)');
      const origins = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => new URL(e.name).origin),
      );
      assert.ok(origins.includes(new URL(baseUrl()).origin), `the widget came from the server: ${origins}`);
      assert.notEqual(new URL(baseUrl()).origin, new URL(site.url).origin);
    });
  });

  test('a hostile host page shows the widget as the demo page does, and keeps its own styles', TIMEOUT, async () => {
    const demo = await openPage(browser, '/events/dask-summit-2021/');
    // The widget lets the page's colour show through, so the demo page takes the hostile
    // page's tint for the comparison.
    await demo.page.evaluate(() => {
      for (const el of [document.documentElement, document.body]) el.style.background = '#fffbe6';
    });
    const reference = await widgetShot(demo.page, 'widget-demo.png');
    await demo.context.close();

    const { context, page, errors } = await openPage(browser, `${site.url}/pages/hostile.html`);
    try {
      const shot = await widgetShot(page, 'widget-hostile.png');
      await screenshot(page, 'hostile-page.png');
      // The same box, give or take a pixel of rounding where the box starts on the page:
      // compare at the vertical offset (-1, 0 or +1 px) that matches best. What differs then
      // is anti-aliasing where sub-pixel positions round the other way (0.28% when this was
      // written); a leaked font, colour or size changes far more (10% and up).
      assert.equal(shot.width, reference.width, 'the widget has the same width');
      assert.ok(Math.abs(shot.height - reference.height) <= 1, `heights ${shot.height} and ${reference.height}`);
      const width = shot.width;
      const rows = (png, from, count) => png.data.subarray(from * width * 4, (from + count) * width * 4);
      let best;
      for (const dy of [-1, 0, 1]) {
        const height = Math.min(reference.height - Math.max(0, dy), shot.height - Math.max(0, -dy));
        const diff = new PNG({ width, height });
        const differing = pixelmatch(
          rows(reference, Math.max(0, dy), height),
          rows(shot, Math.max(0, -dy), height),
          diff.data,
          width,
          height,
          { threshold: 0.1 },
        );
        if (!best || differing < best.differing) best = { dy, differing, share: differing / (width * height), diff };
      }
      writeFileSync(path.join(ARTIFACTS, 'widget-hostile-diff.png'), PNG.sync.write(best.diff));
      console.log(`hostile page: ${best.differing} pixels (${(best.share * 100).toFixed(3)}%) differ at ${best.dy} px`);
      assert.ok(
        best.share < 0.01,
        `${best.differing} pixels (${(best.share * 100).toFixed(3)}%) differ from the demo page (offset ${best.dy} px)`,
      );

      // The page's own elements keep the page's styles; the widget's do not leak out...
      const style = (selector, property) =>
        page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
      assert.equal(await style('#site-hint', 'color'), 'rgb(142, 68, 173)');
      assert.equal(await style('#site-hint', 'fontSize'), '40px');
      assert.equal(await style('#site-search', 'width'), '10px');
      assert.equal(await style('#site-button', 'backgroundColor'), 'rgb(13, 110, 253)', "Bootstrap's .btn-primary");
      // ...and the page's do not leak in.
      assert.equal(await style('.cfp-widget .cfp-hint', 'color'), 'rgb(80, 90, 95)');
      assert.equal(await style('.cfp-widget .cfp-hint', 'textTransform'), 'none');
      // The site's own window.CfpWidget is left alone.
      assert.equal(await page.evaluate(() => window.CfpWidget.site), "the host page's own CfpWidget");
      assertNoErrors(errors, 'the hostile page');
    } finally {
      await context.close();
    }
  });

  test('on a tinted page the page shows through, text keeps its contrast (axe), and the next paragraph has room', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/tinted.html`);
    try {
      const widget = page.locator('.cfp-widget');
      assert.equal(await widget.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)');
      // With errors showing too: error red and hints on the tint.
      await page.getByRole('button', { name: 'Submit proposal' }).click();
      await page.locator('.cfp-error-summary').waitFor();
      await assertNoAxeViolations(page, 'the widget with errors on a tinted page');
      const gap = await page.evaluate(() => {
        const host = document.querySelector('[data-cfp-widget]');
        return host.nextElementSibling.getBoundingClientRect().top - host.getBoundingClientRect().bottom;
      });
      assert.ok(gap >= 18, `the paragraph after the widget is ${gap}px below it`);
      await screenshot(page, 'tinted-page.png');
      assertNoErrors(errors, 'the tinted page');
    } finally {
      await context.close();
    }
  });

  test('the widget follows the reader\'s colour scheme', TIMEOUT, async () => {
    for (const colorScheme of ['light', 'dark']) {
      await withPage(
        browser,
        '/events/dask-summit-2021/',
        async ({ page }) => {
          const background = await page.locator('.cfp-widget').evaluate((el) => getComputedStyle(el).backgroundColor);
          // Light: the page shows through (no slab of its own); dark: its own background,
          // since its light text cannot count on the page being dark.
          assert.equal(background, colorScheme === 'dark' ? 'rgb(22, 23, 24)' : 'rgba(0, 0, 0, 0)', colorScheme);
          const field = await page.getByLabel('Title', { exact: true }).evaluate((el) => getComputedStyle(el).backgroundColor);
          assert.equal(field, colorScheme === 'dark' ? 'rgb(22, 23, 24)' : 'rgb(255, 255, 255)', `${colorScheme} field`);
          await screenshot(page, `demo-${colorScheme}.png`);
        },
        { context: { colorScheme } },
      );
    }
  });
});
