// A speaker meets a server whose disk is full: a cfp-server of its own on a 2 MB tmpfs,
// filled for real. The widget retries, then says the server cannot store proposals now
// (not "check your connection"), keeps the draft, tells the host page, has no axe
// violations; once room is made, "Try again" gets a receipt that the export holds.
// Mounting a tmpfs needs root: elsewhere the test is skipped with the reason printed.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { eventually, focused, launchBrowser, openPage, recordEvents, screenshot } from './lib/browser.mjs';
import { exportedFrom, receiptId, startOwnServer, submit } from './lib/server.mjs';
import { fillTalk } from './lib/seed.mjs';

const TIMEOUT = { timeout: 120_000 };
const isRoot = process.getuid?.() === 0;

describe('a full disk under the server', { skip: isRoot ? false : 'needs root to mount a 2 MB tmpfs (a real full disk); CI runs as root' }, () => {
  let browser;
  let dir;
  let server;
  let base;
  before(async () => {
    assert.ok(process.env.CFP_SERVER_BIN, 'CFP_SERVER_BIN is not set: run these tests with `cargo xtask test`');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfp-e2e-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    server = startOwnServer({ db: path.join(dir, 'cfp.sqlite') });
    base = await server.url;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) execFileSync('umount', ['-l', dir]);
  });

  test('the widget says the server cannot store proposals now, keeps the draft, and Try again sends it once there is room', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, `${base}/events/dask-summit-2021/`, { init: recordEvents });
    try {
      // Another program fills the disk, as happens on a shared host.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'filler')}`, 'bs=4096'], { stdio: 'ignore' });
      } catch {
        // dd stops with an error when the disk is full: that is the point.
      }
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 503, 'healthz fails while the disk is full');

      const talk = await fillTalk(page, { email: 'full.disk@example.org' });
      await submit(page);
      const panel = page.locator('.cfp-send-error');
      // Four attempts, 1 + 2 + 4 s apart.
      await panel.waitFor({ state: 'visible', timeout: 30_000 });
      const sentence = await panel.innerText();
      assert.match(sentence, /cannot store proposals at the moment/);
      assert.doesNotMatch(sentence, /Check your connection/);
      assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), talk.title, 'the draft is kept');
      const heard = await page.evaluate(() => window.__events);
      assert.deepEqual(heard.map((e) => [e.name, e.detail.code]), [['cfp:error', 'storage_unavailable']]);
      await assertNoAxeViolations(page, 'the storage-unavailable panel');
      await screenshot(page, 'send-error-storage.png');

      // Room is made; the server needs no restart.
      fs.rmSync(path.join(dir, 'filler'));
      execFileSync('mount', ['-o', 'remount,size=32m', dir]);
      // By keyboard: the panel has the focus, Tab reaches Try again, Enter sends.
      await eventually(async () => (await focused(page)).classes.includes('cfp-send-error'), 'focus on the panel');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).type, 'button', 'Tab from the panel reaches Try again');
      await page.keyboard.press('Enter');
      const id = await receiptId(page);
      const proposals = await exportedFrom(server, 'dask-summit-2021');
      const row = proposals.find((r) => r.id === id);
      assert.ok(row, `the receipt's proposal ${id} is stored`);
      assert.equal(row.proposal.title, talk.title);
      assert.equal(proposals.length, 1, 'stored once, whatever the retries');
    } finally {
      await context.close();
    }
  });
});
