// The widget in Spanish and German, end to end: the Dask page with its config's locale set
// to "de", and with no locale on a page whose <html lang> is "es" (the page decides). Each
// shows its errors after an empty Submit, has no axe violations, and is photographed for
// docs/screenshot-de.png and docs/screenshot-es.png. Locators are Playwright's, which reach
// into an open shadow root as well.

import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { REPO_ROOT, assertNoErrors, baseUrl, launchBrowser, screenshot } from './lib/browser.mjs';

const TIMEOUT = { timeout: 60_000 };
const DASK = '/events/dask-summit-2021/';
const LOCALE_EN = /"locale":\s*"en",?\s*/;

/** The Dask page rewritten by `rewrite(html)` on its way to the browser, with its form on screen. */
async function openRewritten(browser, rewrite) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.route(baseUrl() + DASK, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const changed = rewrite(html);
    assert.notEqual(changed, html, 'the Dask page no longer has the text to rewrite');
    await route.fulfill({ response, body: changed });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console.error: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  const response = await page.goto(baseUrl() + DASK);
  assert.equal(response?.status(), 200, `GET ${DASK}`);
  await page.locator('form.cfp-form').waitFor({ state: 'visible', timeout: 15_000 });
  return { context, page, errors };
}

const LOCALES = [
  {
    lang: 'de',
    how: "the config's locale",
    rewrite: (html) => html.replace(LOCALE_EN, '"locale": "de",\n  '),
    title: 'Titel',
    submit: 'Vorschlag einreichen',
    problem: 'Es gibt ein Problem',
    error: 'Geben Sie einen Titel für Ihren Vorschlag ein',
    count: 'Sie haben noch 1.000 Wörter übrig',
  },
  {
    lang: 'es',
    how: "the page's lang",
    // The built page is minified: `<html lang=en>`.
    rewrite: (html) => {
      const page = html.replace(LOCALE_EN, '').replace(/<html lang="?en"?>/, '<html lang="es">');
      assert.match(page, /<html lang="es">/, 'the page has no <html lang> to rewrite');
      return page;
    },
    title: 'Título',
    submit: 'Enviar propuesta',
    problem: 'Hay un problema',
    error: 'Escriba un título para su propuesta',
    count: 'Le quedan 1000 palabras',
  },
];

describe('cfp-widget in Spanish and German', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const l of LOCALES) {
    test(`in ${l.lang} (${l.how}): errors in ${l.lang}, no axe violations, a screenshot`, TIMEOUT, async () => {
      const { context, page, errors } = await openRewritten(browser, l.rewrite);
      try {
        await page.getByLabel(l.title, { exact: true }).waitFor();
        await page.getByText(l.count, { exact: true }).first().waitFor();
        await page.getByRole('button', { name: l.submit }).click();
        const summary = page.locator('.cfp-error-summary');
        await summary.getByRole('heading', { name: l.problem }).waitFor({ timeout: 5_000 });
        await summary.getByRole('link', { name: l.error }).waitFor();
        assert.equal(
          await page.getByLabel(l.title, { exact: true }).getAttribute('aria-invalid'),
          'true',
        );
        await assertNoAxeViolations(page, `the Dask form in ${l.lang} with errors`);
        const shot = await screenshot(page, `screenshot-${l.lang}.png`);
        copyFileSync(shot, path.join(REPO_ROOT, 'docs', `screenshot-${l.lang}.png`));
        assertNoErrors(errors, `the Dask page in ${l.lang}`);
      } finally {
        await context.close();
      }
    });
  }
});
