// End-to-end submission against the real reference server (`cargo xtask test` starts
// cfp-server on 127.0.0.1 with a temp SQLite file): a speaker's proposal gets a receipt
// and reaches the organisers' export byte for byte; a closed call is closed on both sides;
// a dropped connection stores exactly one proposal; the server's errors equal the widget's.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { TOKEN, exported, mailTo, receiptId, submit } from './lib/server.mjs';
import { baseUrl, launchBrowser, openPage, recordEvents, screenshot } from './lib/browser.mjs';
import { fillTalk } from './lib/seed.mjs';

const TIMEOUT = { timeout: 90_000 };

describe('submitting to the reference server', () => {
  let browser;
  before(async () => {
    assert.ok(TOKEN, 'CFP_ADMIN_TOKEN is not set: run these tests with `cargo xtask test`');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the seed talk sent to the SciPy demo copy gets a receipt and is exported byte for byte', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, '/events/scipy-2020-demo/');
    try {
      const talk = await fillTalk(page, { track: 'High Performance Python' });
      const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/proposals'));
      await submit(page);
      const id = await receiptId(page);
      // The form says which language it spoke, for the server's messages.
      assert.equal((await posted).headers()['content-language'], 'en');
      assert.match(id, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      assert.match(await page.locator('.cfp-receipt').innerText(), new RegExp(talk.title));
      await page.getByRole('link', { name: 'Download a copy' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Submit proposal' }).count(), 0, 'the form is locked');
      await assertNoAxeViolations(page, 'the receipt');
      await screenshot(page, 'receipt.png');

      const rows = await exported('scipy-2020-demo');
      const row = rows.find((r) => r.id === id);
      assert.ok(row, `proposal ${id} is in the export`);
      assert.equal(row.proposal.title, talk.title);
      assert.equal(row.proposal.abstract, talk.abstract);
      assert.equal(row.proposal.description, talk.description);
      assert.equal(row.proposal.track, 'hpc');

      // The organisers' CLI export shows the same proposal.
      const cli = execFileSync(process.env.CFP_SERVER_BIN, [
        'export', '--event', 'scipy-2020-demo', '--format', 'json', '--db', process.env.CFP_DB_URL,
      ], { encoding: 'utf8' });
      const fromCli = JSON.parse(cli).proposals.find((r) => r.id === id);
      assert.deepEqual(fromCli, row);

      // The acknowledgement reaches the speaker through the server's outbox and a real
      // SMTP server (the mail catcher `cargo xtask test` starts), with the reference.
      const ack = await mailTo('james.lamb@example.org', (m) => m.text.includes(id) && m.subject.startsWith('Your proposal'));
      assert.equal(ack.subject, `Your proposal to SciPy 2020 (demo copy, still open): ${talk.title}`);
    } finally {
      await context.close();
    }
  });

  test('SciPy 2020 itself is closed: the widget says so and the server answers 403', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, '/events/scipy-2020/', { waitFor: '.cfp-closed' });
    try {
      const closed = page.locator('.cfp-closed');
      assert.match(await closed.innerText(), /closed/i);
      assert.equal(await page.locator('form.cfp-form').count(), 0, 'no form after the deadline');
      await assertNoAxeViolations(page, 'the closed call');
    } finally {
      await context.close();
    }
    const response = await fetch(`${baseUrl()}/api/events/scipy-2020/proposals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Late' }),
    });
    assert.equal(response.status, 403);
    assert.equal((await response.json()).error, 'cfp_closed');
  });

  test('a connection dropped after the server stored the proposal ends with exactly one row', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, '/events/dask-summit-2021/');
    try {
      const before = (await exported('dask-summit-2021')).length;
      await fillTalk(page, { email: 'dropped.connection@example.org' });
      const keys = [];
      let attempts = 0;
      await page.route('**/api/events/dask-summit-2021/proposals', async (route) => {
        attempts += 1;
        keys.push(route.request().headers()['idempotency-key']);
        if (attempts === 1) {
          // The server receives and stores it; the answer never reaches the browser.
          await route.fetch();
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await submit(page);
      const id = await receiptId(page);
      assert.ok(attempts >= 2, `the widget retried (${attempts} attempts)`);
      assert.equal(new Set(keys).size, 1, `one Idempotency-Key for every attempt: ${keys}`);
      const rows = (await exported('dask-summit-2021')).filter(
        (r) => r.proposal.speakers[0].email === 'dropped.connection@example.org',
      );
      assert.equal(rows.length, 1, 'exactly one stored proposal');
      assert.equal(rows[0].id, id);
      assert.equal((await exported('dask-summit-2021')).length, before + 1);
    } finally {
      await context.close();
    }
  });

  test('while the lost first answer is retried the form is locked, so the retry gets the first receipt', TIMEOUT, async () => {
    // An edit between attempts would be another proposal under the same Idempotency-Key:
    // the server, which stored the first attempt, would refuse it (422
    // idempotency_conflict) and the speaker would read a refusal for a proposal received.
    const { context, page } = await openPage(browser, '/events/dask-summit-2021/');
    try {
      const talk = await fillTalk(page, { email: 'locked.retry@example.org' });
      const bodies = [];
      let triedToEdit;
      const edited = new Promise((resolve) => { triedToEdit = resolve; });
      await page.route('**/api/events/dask-summit-2021/proposals', async (route) => {
        bodies.push(route.request().postData());
        if (bodies.length === 1) {
          // Stored; the answer never reaches the browser.
          await route.fetch();
          await route.abort('connectionreset');
        } else {
          await edited;
          await route.continue();
        }
      });
      await submit(page);
      await page.locator('form.cfp-form[aria-busy="true"]').waitFor();
      const status = page.getByRole('status').filter({ hasText: 'Your proposal cannot be changed while it is being sent.' });
      await status.waitFor();
      const title = page.getByLabel('Title', { exact: true });
      assert.ok(await title.evaluate((el) => el.readOnly), 'the title is read-only');
      assert.ok(await page.getByRole('radio', { name: /^Workshop\b/ }).isDisabled(), 'formats cannot be switched');
      assert.ok(
        await page.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).isDisabled(),
        'consent cannot be withdrawn mid-send',
      );
      await assertNoAxeViolations(page, 'the form while a send is retried');
      // The speaker tries to fix a typo with the keyboard, as people do while waiting.
      await title.focus();
      await page.keyboard.press('End');
      await page.keyboard.type(' (edited)');
      assert.equal(await title.inputValue(), talk.title, 'typing into a read-only field changes nothing');
      triedToEdit();

      const id = await receiptId(page);
      assert.equal(bodies.length, 2, 'the first attempt and one retry');
      assert.equal(bodies[1], bodies[0], 'the retry sent the same body under the same key');
      const rows = (await exported('dask-summit-2021')).filter(
        (r) => r.proposal.speakers[0].email === 'locked.retry@example.org',
      );
      assert.equal(rows.length, 1, 'one stored proposal');
      assert.equal(rows[0].id, id, 'the receipt is the first attempt\'s');
      assert.equal(rows[0].proposal.title, talk.title);
    } finally {
      await context.close();
    }
  });

  test('an invalid proposal posted directly gets the errors the widget shows', TIMEOUT, async () => {
    const invalid = {
      title: '',
      format: 'talk',
      track: null,
      abstract: 'Too short to be an abstract.',
      description: '',
      speakers: [{ name: 'James Lamb', email: 'james at example', affiliation: '', bio: '' }],
      code_of_conduct: false,
    };
    const response = await fetch(`${baseUrl()}/api/events/dask-summit-2021/proposals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(invalid),
    });
    assert.equal(response.status, 422);
    const { errors } = await response.json();
    const serverFields = errors.map((e) => e.field);
    assert.deepEqual(serverFields, ['title', 'abstract', 'speakers[0].email', 'code_of_conduct']);

    const { context, page } = await openPage(browser, '/events/dask-summit-2021/');
    try {
      await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Talk\b/ }).check();
      await page.getByLabel('Abstract', { exact: true }).fill(invalid.abstract);
      const you = page.getByRole('group', { name: 'About you' });
      await you.getByLabel('Full name', { exact: true }).fill('James Lamb');
      await you.getByLabel('Email address', { exact: true }).fill('james at example');
      await submit(page);
      const summary = page.locator('.cfp-error-summary');
      await summary.waitFor({ state: 'visible' });
      const hrefs = await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const expected = serverFields.map((f) => `#cfp-field-${f.replace(/[[\].]+/g, '-').replace(/-$/, '')}`);
      assert.deepEqual(hrefs, expected);
      await assertNoAxeViolations(page, 'the form with errors');
    } finally {
      await context.close();
    }
  });

  test('a rate-limited send says when to try again, keeps the draft, and has no axe violations', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, '/events/dask-summit-2021/', {
      init: recordEvents,
    });
    try {
      const talk = await fillTalk(page, { email: 'rate.limited@example.org' });
      // The real limiter answers this after 10 quick sends from one address; its answer
      // is reproduced here so the test does not depend on timing.
      await page.route('**/api/events/dask-summit-2021/proposals', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '120' },
          body: JSON.stringify({ error: 'rate_limited', message: 'too many requests; try again in 120 seconds' }),
        }),
      );
      await submit(page);
      const panel = page.locator('.cfp-send-error');
      await panel.waitFor({ state: 'visible' });
      assert.match(await panel.innerText(), /2 minutes/);
      assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), talk.title, 'the draft is kept');
      // The host page hears of it too, with the sentence the speaker reads.
      const heard = await page.evaluate(() => window.__events);
      assert.equal(heard.length, 1, JSON.stringify(heard));
      assert.equal(heard[0].name, 'cfp:error');
      assert.equal(heard[0].detail.code, 'rate_limited');
      assert.equal(heard[0].detail.event, 'dask-summit-2021');
      assert.match(heard[0].detail.message, /2 minutes/);
      await assertNoAxeViolations(page, 'the send error panel');
      await screenshot(page, 'send-error.png');
    } finally {
      await context.close();
    }
  });
});
