// Life after Submit, end to end: a cfp-server of this test's own (its event's page_url is
// its own demo page) mailing through a real SMTP server process (e2e/tools/smtp-sink.mjs).
// The seed talk is sent; the acknowledgement arrives with the private link; the link,
// opened in a fresh browser context, shows the proposal; a change is saved (the export
// says version 2, and the organisers' notice arrives); the proposal is withdrawn. Every
// screen on the way has no axe violations.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { REPO_ROOT, launchBrowser } from './lib/browser.mjs';
import { exportedFrom, mailIn, mailTo, receiptId, startOwnServer, submit } from './lib/server.mjs';
import { fillTalk } from './lib/seed.mjs';

const TIMEOUT = { timeout: 180_000 };
const EVENT = 'dask-summit-2021';
const SPEAKER = 'james.lamb@example.org';
const ORGANISERS = 'programme@dask.example';

/** A port nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The SMTP server process; its messages land in `dir` as NNNN.json. */
function startSink(dir) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'e2e/tools/smtp-sink.mjs'), '--out', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const port = new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
      match ? resolve(Number(match[1])) : reject(new Error(`unexpected banner ${line}`));
    });
  });
  return { child, port };
}

/** Whether `locator`'s element has the keyboard focus (inside the widget's shadow root). */
const focused = (locator) => locator.evaluate((el) => el.getRootNode().activeElement === el);

/** Press Tab until `locator` has the focus, as a keyboard user would reach it. */
async function tabTo(page, locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    if (await focused(locator)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`not reached with ${limit} presses of Tab`);
}

describe('after Submit: the private link, a change, a withdrawal, and the mail on the way', () => {
  let browser;
  let dir;
  let sink;
  let server;
  let page;
  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cfp-after-submit-'));
    sink = startSink(path.join(dir, 'mail'));
    const port = await freePort();
    page = `http://127.0.0.1:${port}/events/${EVENT}/`;
    const events = path.join(dir, 'events');
    await mkdir(events);
    const config = JSON.parse(await readFile(path.join(REPO_ROOT, 'events', `${EVENT}.json`), 'utf8'));
    config.page_url = page;
    await writeFile(path.join(events, `${EVENT}.json`), JSON.stringify(config));
    await writeFile(path.join(events, `${EVENT}.server.json`), JSON.stringify({ notify: [ORGANISERS] }));
    server = startOwnServer({
      db: path.join(dir, 'cfp.sqlite'),
      events,
      addr: `127.0.0.1:${port}`,
      args: ['--smtp-url', `smtp://127.0.0.1:${await sink.port}`, '--mail-from', 'Dask CFP <cfp@dask.example>'],
    });
    await server.url;
  });
  after(async () => {
    await browser?.close();
    server?.close();
    sink?.child.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('sent, mailed with its link, opened elsewhere, changed, and withdrawn', TIMEOUT, async () => {
    const mail = path.join(dir, 'mail');
    // 1. The seed talk, sent from the event's page.
    const first = await browser.newContext();
    const tab = await first.newPage();
    await tab.goto(page);
    const talk = await fillTalk(tab);
    await submit(tab);
    const id = await receiptId(tab);
    const shownLink = await tab.locator('.cfp-receipt__link a').getAttribute('href');
    assert.ok(shownLink.startsWith(`${page}#cfp-edit=${id}.`), shownLink);
    await assertNoAxeViolations(tab, 'the receipt with its private link');

    // 2. The acknowledgement arrives with the same link; the organisers are told.
    const ack = await mailTo(SPEAKER, (m) => m.subject.startsWith('Your proposal to'), { dir: mail });
    assert.ok(ack.text.includes(shownLink), ack.text);
    assert.ok(ack.text.includes(talk.abstract.slice(0, 60)), 'the proposal as sent is in it');
    await mailTo(ORGANISERS, (m) => m.subject.includes(`New proposal ${id}`), { dir: mail });

    // 3. "Your proposals" in the same browser, and the speaker's details offered again.
    await tab.getByRole('button', { name: 'Start a new proposal' }).click();
    const yours = tab.getByRole('region', { name: /^Your proposals to / });
    await yours.getByRole('link', { name: new RegExp(id) }).waitFor();
    assert.equal(await tab.getByRole('group', { name: 'About you' }).getByLabel('Email address', { exact: true }).inputValue(), SPEAKER);
    await assertNoAxeViolations(tab, 'a new proposal, with "Your proposals" and "Lost your link?"');

    // "Lost your link?", by keyboard alone: the same sentence for any address; the links
    // go to the sender.
    await tabTo(tab, tab.getByText('Lost the link to a proposal you sent?'));
    await tab.keyboard.press('Enter');
    await tab.keyboard.press('Tab');
    assert.ok(await focused(tab.getByLabel('Email address you sent it from')));
    await tab.keyboard.type(SPEAKER);
    await tab.keyboard.press('Enter');
    await tab.getByText(`If proposals to Dask User Summit 2021 were sent from ${SPEAKER}, a message with their links is on its way.`, { exact: false }).waitFor();
    await assertNoAxeViolations(tab, '"Lost your link?" answered');
    const links = await mailTo(SPEAKER, (m) => m.subject.startsWith('Your private links'), { dir: mail });
    assert.ok(links.text.includes(shownLink), links.text);
    await first.close();

    // 4. The link, in a browser that never saw the proposal.
    const second = await browser.newContext();
    const elsewhere = await second.newPage();
    await elsewhere.goto(ack.text.match(/https?:\/\/\S+#cfp-edit=\S+/)[0]);
    await elsewhere.getByRole('heading', { name: `Changing your proposal ${id}` }).waitFor();
    assert.equal(await elsewhere.getByLabel('Title', { exact: true }).inputValue(), talk.title);
    await assertNoAxeViolations(elsewhere, 'the proposal opened by its link');

    // 5. A change, saved: version 2 in the export, a notice to the speaker and organisers.
    const changedTitle = `${talk.title} (revised)`;
    await elsewhere.getByLabel('Title', { exact: true }).fill(changedTitle);
    await elsewhere.getByRole('button', { name: 'Save changes' }).click();
    await elsewhere.getByRole('heading', { name: 'Changes saved' }).waitFor();
    assert.match(await elsewhere.locator('.cfp-receipt').innerText(), /version 2/);
    await assertNoAxeViolations(elsewhere, 'changes saved');
    const saved = (await exportedFrom(server, EVENT)).find((p) => p.id === id);
    assert.equal(saved.version, 2);
    assert.equal(saved.proposal.title, changedTitle);
    await mailTo(ORGANISERS, (m) => m.subject.includes(`Proposal ${id} changed (version 2)`), { dir: mail });
    await mailTo(SPEAKER, (m) => m.subject.includes('was changed'), { dir: mail });

    // 6. Withdrawn, after a question that says what it does.
    await elsewhere.reload();
    await elsewhere.getByRole('heading', { name: `Changing your proposal ${id}` }).waitFor();
    assert.equal(await elsewhere.getByLabel('Title', { exact: true }).inputValue(), changedTitle, 'the saved version');
    // By keyboard alone: the question takes the focus; "No, keep it" gives it back.
    const withdrawButton = elsewhere.getByRole('button', { name: 'Withdraw this proposal' });
    await tabTo(elsewhere, withdrawButton);
    await elsewhere.keyboard.press('Enter');
    const question = elsewhere.getByRole('group', { name: `Withdraw “${changedTitle}”?` });
    await question.waitFor();
    assert.equal(await focused(question), true, 'the question is focused');
    await assertNoAxeViolations(elsewhere, 'the withdrawal question');
    await elsewhere.keyboard.press('Tab');
    await elsewhere.keyboard.press('Tab');
    assert.ok(await focused(question.getByRole('button', { name: 'No, keep it' })));
    await elsewhere.keyboard.press('Enter');
    await withdrawButton.waitFor();
    assert.equal(await focused(withdrawButton), true, 'back on the button');
    await elsewhere.keyboard.press('Enter');
    await question.waitFor();
    await elsewhere.keyboard.press('Tab');
    assert.ok(await focused(question.getByRole('button', { name: 'Yes, withdraw it' })));
    await elsewhere.keyboard.press('Enter');
    await elsewhere.getByRole('heading', { name: 'Proposal withdrawn' }).waitFor();
    await assertNoAxeViolations(elsewhere, 'withdrawn');
    const withdrawn = (await exportedFrom(server, EVENT)).find((p) => p.id === id);
    assert.equal(withdrawn.state, 'withdrawn');
    assert.equal(withdrawn.version, 3);
    await mailTo(ORGANISERS, (m) => m.subject.includes(`Proposal ${id} withdrawn`), { dir: mail });

    // 7. The link still opens it, read-only.
    await elsewhere.reload();
    await elsewhere.getByText('This proposal was withdrawn, so it can no longer be changed.').waitFor();
    assert.equal(await elsewhere.getByRole('button', { name: 'Save changes' }).count(), 0);
    await assertNoAxeViolations(elsewhere, 'a withdrawn proposal opened by its link');

    // Every message once.
    const all = await mailIn(mail);
    const ids = all.map((m) => m.message_id);
    assert.equal(new Set(ids).size, ids.length, 'no message twice');
    await second.close();
  });
});
