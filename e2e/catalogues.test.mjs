// The Spanish and German catalogues are not in the wasm: the loader fetches the one a page
// needs with the wasm (cfp-widget-es.txt, cfp-widget-de.txt in the folder `cargo xtask dist`
// makes). Here, on the host site of the embedding tests: a German page pinning the hashed
// copy under the strict CSP loads the hashed catalogue and never shows an English word; a
// config fetched by URL that names Spanish gets its catalogue through the loader; a
// catalogue that fails to load, or is from another build, is said on the console and the
// form is shown in English, never a blank box.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoErrors, launchBrowser, recordEvents } from './lib/browser.mjs';
import { startHostSite } from './lib/host-site.mjs';

const TIMEOUT = { timeout: 60_000 };

/**
 * Records, in window.__english, any English sentence of the widget that is ever put into a
 * shadow root, however briefly: a flash of the wrong language.
 */
function recordEnglish() {
  window.__english = [];
  const english = /Submit proposal|Loading the proposal form|Propose a talk|Title/;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new MutationObserver((records) => {
      for (const r of records) {
        const texts = r.type === 'characterData' ? [r.target.data] : [...r.addedNodes].map((n) => n.textContent);
        for (const text of texts) if (english.test(text)) window.__english.push(text.slice(0, 120));
      }
    }).observe(root, { childList: true, subtree: true, characterData: true });
    return root;
  };
}

/** Opens `url` in a new context with `routes` ([glob, handler]) and the init scripts. */
async function open(browser, url, { routes = [], waitFor = 'form.cfp-form' } = {}) {
  const context = await browser.newContext();
  for (const [glob, handler] of routes) await context.route(glob, handler);
  const page = await context.newPage();
  await page.addInitScript(recordEvents);
  await page.addInitScript(recordEnglish);
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `GET ${url}`);
  await page.locator(waitFor).first().waitFor({ state: 'visible', timeout: 15_000 });
  return { context, page, errors };
}

describe('catalogues fetched by the loader', () => {
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

  test('a German page pinning the hashed copy under a strict CSP loads the hashed German catalogue, and shows no English', TIMEOUT, async () => {
    const { context, page, errors } = await open(browser, `${site.url}/pages/pinned-de.html`);
    try {
      await page.getByRole('heading', { name: 'Schlagen Sie einen Vortrag für MyConf 2027 vor' }).waitFor();
      await page.getByRole('button', { name: 'Vorschlag einreichen' }).waitFor();
      const files = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.startsWith('/cdn/')),
      );
      assert.equal(files.length, 5, files.join(', '));
      for (const file of files) {
        assert.match(file, /^\/cdn\/\d+\.\d+\.\d+\/cfp-widget[-a-z_]*\.[0-9a-f]{16}\.(js|wasm|css|txt)$/, file);
      }
      assert.equal(files.filter((f) => /\/cfp-widget-de\.[0-9a-f]{16}\.txt$/.test(f)).length, 1, files.join(', '));
      assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
      assert.deepEqual(await page.evaluate(() => window.__english), [], 'English shown on a German page');
      assertNoErrors(errors, 'the German pinned page');
    } finally {
      await context.close();
    }
  });

  test('an English page loads no catalogue', TIMEOUT, async () => {
    const { context, page, errors } = await open(browser, `${site.url}/pages/pinned.html`);
    try {
      await page.getByRole('button', { name: 'Submit proposal' }).waitFor();
      const catalogues = await page.evaluate(() =>
        performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.txt')).map((e) => e.name),
      );
      assert.deepEqual(catalogues, []);
      assertNoErrors(errors, 'the English pinned page');
    } finally {
      await context.close();
    }
  });

  test('a config fetched by URL that asks for Spanish gets the Spanish catalogue through the loader', TIMEOUT, async () => {
    const config = {
      id: 'myconf-2027',
      name: 'MyConf 2027',
      locale: 'es',
      formats: [{ id: 'talk', label: 'Charla', minutes: 25 }],
    };
    const routes = [['**/conf-es/myconf-2027.json', (route) => route.fulfill({ json: config })]];
    const { context, page, errors } = await open(browser, `${site.url}/pages/locale-by-url.html`, { routes });
    try {
      await page.getByRole('button', { name: 'Enviar propuesta' }).waitFor();
      assert.equal(await page.locator('.cfp-widget').getAttribute('lang'), 'es');
      assertNoErrors(errors, 'the page');
    } finally {
      await context.close();
    }
  });

  test('a German catalogue that cannot be loaded: a console sentence, and the form in English', TIMEOUT, async () => {
    const routes = [['**/cdn/cfp-widget-de.txt', (route) => route.fulfill({ status: 404, body: 'not found' })]];
    const { context, page, errors } = await open(browser, `${site.url}/pages/german.html`, { routes });
    try {
      await page.getByRole('button', { name: 'Submit proposal' }).waitFor();
      assert.equal(await page.locator('.cfp-widget').getAttribute('lang'), 'en');
      const said = errors.filter((e) => e.startsWith('cfp-widget: '));
      assert.equal(said.length, 1, errors.join('\n'));
      assert.match(
        said[0],
        /^cfp-widget: the catalogue for "de" could not be loaded \(http:\/\/127\.0\.0\.1:\d+\/cdn\/cfp-widget-de\.txt answered 404\)\. The widget speaks English instead of "de"\.$/,
      );
    } finally {
      await context.close();
    }
  });

  test('a German catalogue from another build is refused: a console sentence, and the form in English', TIMEOUT, async () => {
    const routes = [
      ['**/cdn/cfp-widget-de.txt', (route) => route.fulfill({ body: 'cfp-widget de 00000000\nTitel\nVorschlag einreichen' })],
    ];
    const { context, page, errors } = await open(browser, `${site.url}/pages/german.html`, { routes });
    try {
      await page.getByRole('button', { name: 'Submit proposal' }).waitFor();
      const said = errors.filter((e) => e.startsWith('cfp-widget: '));
      assert.equal(said.length, 1, errors.join('\n'));
      assert.match(said[0], /^cfp-widget: cfp-widget-de\.txt is not the catalogue this build of the widget reads \(its first line is "cfp-widget de 00000000", not "cfp-widget de [0-9a-f]{8}"\): copy the whole folder/);
      assert.match(said[0], /The widget speaks English instead of "de"\.$/);
    } finally {
      await context.close();
    }
  });
});
