// Talking to the reference server the e2e run started (`cargo xtask test`): the organisers'
// export, and the widget's submit button and receipt.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { REPO_ROOT, baseUrl } from './browser.mjs';

/** The organisers' token, from $CFP_ADMIN_TOKEN. */
export const TOKEN = process.env.CFP_ADMIN_TOKEN;

/** The event's proposals from the JSON export. */
export async function exported(event) {
  assert.ok(TOKEN, 'CFP_ADMIN_TOKEN is not set: run these tests with `cargo xtask test`');
  const response = await fetch(`${baseUrl()}/api/events/${event}/proposals?format=json`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(response.status, 200, `export of ${event}`);
  return (await response.json()).proposals;
}

/** Every message a mail catcher (e2e/tools/smtp-sink.mjs) wrote to `dir`, oldest first. */
export async function mailIn(dir) {
  const files = (await readdir(dir).catch(() => [])).filter((f) => /^\d+\.json$/.test(f)).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8'))));
}

/**
 * The first message to `address` that `matches`, from a mail catcher's folder (by
 * default $CFP_MAIL_DIR, the run's), waiting up to `timeout` ms for it:
 * {to, subject, text, message_id, ...}.
 */
export async function mailTo(address, matches = () => true, { dir = process.env.CFP_MAIL_DIR, timeout = 30_000 } = {}) {
  assert.ok(dir, 'CFP_MAIL_DIR is not set: run these tests with `cargo xtask test`');
  const started = Date.now();
  for (;;) {
    const found = (await mailIn(dir)).find((m) => m.to.includes(address) && matches(m));
    if (found) return found;
    assert.ok(Date.now() - started < timeout, `no such message to ${address} within ${timeout} ms: ${JSON.stringify(await mailIn(dir), null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const submit = (page) => page.getByRole('button', { name: 'Submit proposal' }).click();

/** The receipt id shown once the server confirmed the proposal. */
export async function receiptId(page) {
  const receipt = page.locator('.cfp-receipt');
  await receipt.getByRole('heading', { name: 'Proposal received' }).waitFor({ timeout: 20_000 });
  return (await receipt.locator('.cfp-receipt__id').innerText()).trim();
}

/**
 * A cfp-server of a test's own on 127.0.0.1 ($CFP_SERVER_BIN), with its SQLite file at
 * `db`, the events in `events` (default: the repository's) and Trunk's dist/ for its demo
 * pages, listening on `addr`, with more `args` (`--smtp-url`, say). Returns { child,
 * token, url: Promise of its base URL, close() }.
 */
export function startOwnServer({ db, events = path.join(REPO_ROOT, 'events'), addr = '127.0.0.1:0', args = [] }) {
  assert.ok(process.env.CFP_SERVER_BIN, 'CFP_SERVER_BIN is not set: run these tests with `cargo xtask test`');
  const token = 'e2e-own-server-token';
  const child = spawn(
    process.env.CFP_SERVER_BIN,
    [
      'serve', '--events', events, '--dist', path.join(REPO_ROOT, 'dist'),
      '--db', `sqlite://${db}`, '--addr', addr, '--rate-per-minute', '0', ...args,
    ],
    { env: { ...process.env, CFP_ADMIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const url = new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      const match = /listening on (http:\/\/[^/]+)\//.exec(line);
      match ? resolve(match[1]) : reject(new Error(`unexpected banner ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`cfp-server exited with ${code}`)));
  });
  lines.on('line', () => {});
  return { child, token, url, close: () => child.kill() };
}

/** The event's proposals from the export of a server started by startOwnServer. */
export async function exportedFrom(server, event) {
  const response = await fetch(`${await server.url}/api/events/${event}/proposals?format=json`, {
    headers: { Authorization: `Bearer ${server.token}` },
  });
  assert.equal(response.status, 200, `export of ${event}`);
  return (await response.json()).proposals;
}
