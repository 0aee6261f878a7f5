// Where the proposal goes, as a site maintainer meets it: a relative endpoint is relative
// to the config it came in (data-event from a cfp-server on another origin, data-config-url
// beside the site); an address that does not take proposals (a static host's 501) is named
// as such for the speaker and the maintainer; a cfp-server that does not list the page's
// origin is found when the widget mounts, not at the first Submit.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { REPO_ROOT, baseUrl, eventually, focused, launchBrowser, openPage, recordEvents, screenshot } from './lib/browser.mjs';
import { startHostSite } from './lib/host-site.mjs';
import { fillTalk } from './lib/seed.mjs';
import { exported, exportedFrom, receiptId, startOwnServer, submit } from './lib/server.mjs';

const TIMEOUT = { timeout: 120_000 };

/** The console errors among what openPage collected from the page's start. */
const consoleErrors = (errors) => errors.filter((line) => line.startsWith('console.error: '));

describe('where the proposal goes', () => {
  let browser;
  let site;
  let own;
  let dir;
  before(async () => {
    browser = await launchBrowser();
    // The organisers' own cfp-server on another origin than the site: the shipped event,
    // with the site's origin added to allowed_origins, as docs/embedding.md says to. The
    // site's port is only known once it listens, so the site starts first.
    site = await startHostSite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfp-e2e-endpoints-'));
    const events = path.join(dir, 'events');
    fs.mkdirSync(events);
    const dask = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'events', 'dask-summit-2021.json'), 'utf8'));
    dask.allowed_origins = [...dask.allowed_origins, site.url];
    fs.writeFileSync(path.join(events, 'dask-summit-2021.json'), JSON.stringify(dask, null, 2));
    own = startOwnServer({ db: path.join(dir, 'cfp.sqlite'), events });
    site.vars.OWN_SERVER = await own.url;
  });
  after(async () => {
    await site?.close();
    own?.close();
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a data-event embed of a shipped event posts to its cfp-server on another origin and gets a receipt', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/data-event.html`, { init: recordEvents });
    try {
      const talk = await fillTalk(page, { email: 'data.event@example.org' });
      await submit(page);
      const id = await receiptId(page);
      const row = (await exportedFrom(own, 'dask-summit-2021')).find((r) => r.id === id);
      assert.ok(row, `${id} is stored on the organisers' server`);
      assert.equal(row.proposal.title, talk.title);
      assert.deepEqual(errors, [], 'no console errors, failed requests or HTTP errors (no CORS trouble, no wrong host)');
    } finally {
      await context.close();
    }
  });

  test('a relative endpoint in a config fetched by URL is relative to the config, not to the page', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, `${site.url}/pages/sub/config-url.html`);
    try {
      const talk = await fillTalk(page, { email: 'config.url@example.org' });
      await submit(page);
      const id = await receiptId(page);
      const row = (await exported('dask-summit-2021')).find((r) => r.id === id);
      assert.ok(row, `${id} reached the reference server through the site's /api/`);
      assert.equal(row.proposal.title, talk.title);
    } finally {
      await context.close();
    }
  });

  test('an endpoint that is only a static host (501) is named as misconfigured, once, with the URL for the maintainer', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/static-endpoint.html`, { init: recordEvents });
    let posts = 0;
    page.on('request', (req) => req.method() === 'POST' && posts++);
    try {
      await fillTalk(page, { email: 'static.host@example.org' });
      await submit(page);
      const panel = page.locator('.cfp-send-error');
      await panel.waitFor({ state: 'visible' });
      const sentence = await panel.innerText();
      assert.match(sentence, /not set up to take proposals/);
      assert.doesNotMatch(sentence, /Check your connection/);
      assert.equal(posts, 1, 'a 501 is not retried');
      assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0);
      await panel.getByRole('link', { name: 'Download a copy' }).waitFor();
      // By keyboard: the panel has the focus, and Tab reaches the copy's link.
      await eventually(async () => (await focused(page)).classes.includes('cfp-send-error'), 'focus on the panel');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute('download');
      }), 'proposal.json', 'Tab from the panel reaches Download a copy');
      const endpoint = `${site.url}/submit-proposal`;
      assert.ok(
        consoleErrors(errors).some((line) => line.includes(endpoint) && line.includes('501') && line.includes('endpoint.url')),
        `the console names the URL and its answer: ${errors.join('\n')}`,
      );
      const heard = await page.evaluate(() => window.__events);
      assert.equal(heard.length, 1, JSON.stringify(heard));
      assert.equal(heard[0].detail.code, 'wrong_endpoint');
      assert.equal(heard[0].detail.url, endpoint);
      await assertNoAxeViolations(page, 'the wrong-endpoint panel');
      await screenshot(page, 'send-error-wrong-endpoint.png');
    } finally {
      await context.close();
    }
  });

  test('a cfp-server that does not list the page origin is found at mount, before any speaker sends', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/origin-refused.html`, { init: recordEvents });
    try {
      // The form is there for the speaker all the same.
      await page.getByRole('button', { name: 'Submit proposal' }).waitFor();
      const heard = await (async () => {
        for (let i = 0; i < 50; i++) {
          const events = await page.evaluate(() => window.__events);
          if (events.length) return events;
          await new Promise((r) => setTimeout(r, 100));
        }
        return [];
      })();
      assert.equal(heard.length, 1, JSON.stringify(heard));
      assert.equal(heard[0].name, 'cfp:error');
      assert.equal(heard[0].detail.code, 'cors');
      assert.equal(heard[0].detail.origin, site.url);
      assert.ok(
        consoleErrors(errors).some((line) => line.includes(`"${site.url}"`) && line.includes('allowed_origins')),
        `the console says which origin to add where: ${errors.join('\n')}`,
      );
      assert.notEqual(new URL(baseUrl()).origin, site.url);

      // A speaker who sends anyway is told the form cannot send from this page (not
      // "check your connection"), once, with a copy to download.
      await fillTalk(page, { email: 'refused.origin@example.org' });
      await submit(page);
      const panel = page.locator('.cfp-send-error');
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
      const sentence = await panel.innerText();
      assert.match(sentence, /does not accept them from this site yet/);
      assert.doesNotMatch(sentence, /Check your connection/);
      assert.equal(await panel.getByRole('button', { name: 'Try again' }).count(), 0);
      await panel.getByRole('link', { name: 'Download a copy' }).waitFor();
      const codes = (await page.evaluate(() => window.__events)).map((e) => e.detail.code);
      assert.deepEqual(codes, ['cors', 'cors'], 'at mount, then for the send');
      await assertNoAxeViolations(page, 'the refused-origin panel');
    } finally {
      await context.close();
    }
  });
});
