// The organisers' inbox end to end: a cfp-server of this test's own (SQLite in a temp
// folder), the seed talk and a Dask workshop sent to it through the API, then in Chromium:
// sign in, the list shows both, a filter and a search narrow it, the workshop's page
// shows its talks, a state change survives a reload, the anonymised view has no speaker's
// name or address anywhere in the page's text, sign out. The whole triage path (sign in,
// the event, a proposal, its state) is done with the keyboard alone, and axe finds no
// violation on any page, light or dark. Screenshots of the list and a proposal, light and
// dark, go to the artifacts (docs/organisers.md shows them).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, launchBrowser } from './lib/browser.mjs';
import { talkFromSeed } from './lib/seed.mjs';
import { startOwnServer } from './lib/server.mjs';

const TIMEOUT = { timeout: 180_000 };
const EVENT = 'dask-summit-2021';

const words = (n, seed) =>
  Array.from({ length: n }, (_, i) => (i % 5 === 0 ? seed : ['scales', 'Python', 'on', 'clusters'][i % 4])).join(' ');

const TALKS = [
  { title: 'Dask on a laptop', speaker_name: 'Ann Perez', speaker_email: 'ann@example.org', minutes: 30 },
  { title: 'Dask-ML in production', speaker_name: 'Ravi Shah', speaker_email: 'ravi@example.org', minutes: 30 },
  { title: 'Dask and GPUs', speaker_name: 'Mia Chen', speaker_email: 'mia@example.org', minutes: 25 },
  { title: 'Workflows with Prefect', speaker_name: 'Olu Bello', speaker_email: 'olu@example.org', minutes: 35 },
].map((t, i) => ({ ...t, abstract: words(40 + i, t.title.split(' ')[0]) }));

/** Every person the two proposals name: none may show in the anonymised view. */
const PEOPLE = ['James Lamb', 'james.lamb@example.org', 'Tom Augspurger', 'tom@example.org', 'SpotHero',
  ...TALKS.flatMap((t) => [t.speaker_name, t.speaker_email])];

/** The proposal sent; its receipt ({id, edit_token, ...}). */
async function send(base, key, proposal) {
  const response = await fetch(`${base}/api/events/${EVENT}/proposals`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(proposal),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

/** A viewport's worth of the page, for the docs (docs/organisers.md). */
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

/** Whether `locator`'s element has the keyboard focus. */
const hasFocus = (locator) => locator.evaluate((el) => document.activeElement === el);

/** Press Tab until `locator` has the focus, as a keyboard user would reach it. */
async function tabTo(page, locator, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await hasFocus(locator)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${locator} not reached with ${limit} presses of Tab`);
}

describe('the organisers inbox', () => {
  let browser;
  let dir;
  let server;
  let base;
  let talkId;
  let workshopId;
  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cfp-inbox-'));
    server = startOwnServer({ db: path.join(dir, 'cfp.sqlite') });
    base = await server.url;
    const seed = talkFromSeed();
    mkdirSync(ARTIFACTS, { recursive: true });
    talkId = (await send(base, 'inbox-talk', {
      title: seed.title, format: 'talk', track: 'use-case', abstract: seed.abstract, description: seed.description,
      speakers: [{ name: 'James Lamb', email: 'james.lamb@example.org', affiliation: 'SpotHero', bio: 'James builds data tools.' }],
      answers: { 'first-talk': false }, code_of_conduct: true,
    })).id;
    const workshop = {
      title: 'Dask in the wild', format: 'workshop', abstract: words(60, 'Dask'),
      speakers: [{ name: 'Tom Augspurger', email: 'tom@example.org' }],
      talks: TALKS, code_of_conduct: true,
    };
    const receipt = await send(base, 'inbox-workshop', workshop);
    workshopId = receipt.id;
    // Changed once through its private link: the inbox shows what changed.
    const changed = await fetch(`${base}/api/events/${EVENT}/proposals/${workshopId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${receipt.edit_token}`, 'If-Match': '"v1"' },
      body: JSON.stringify({ ...workshop, abstract: words(64, 'Dask') + ' Bring a laptop.' }),
    });
    assert.equal(changed.status, 200, await changed.text());
  });
  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('sign in, read, filter, search, triage and anonymise with the keyboard, then sign out', TIMEOUT, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = [];
    // Console errors but the 401 and 404 the test asks for (a wrong token, an unknown proposal).
    page.on('console', (m) => m.type() === 'error' && !/status of 40[14] /.test(m.text()) && violations.push(m.text()));

    // No session: the sign-in page, which comes back to where it was asked for.
    await page.goto(`${base}/admin/events/${EVENT}/`);
    assert.match(page.url(), /\/admin\/sign-in\?next=/);
    await assertNoAxeViolations(page, 'the sign-in page');
    // A wrong token first: the error summary takes the keyboard to the field.
    await tabTo(page, page.getByLabel('Your name'));
    await page.keyboard.type('Ana Organiser');
    await tabTo(page, page.getByLabel('Organiser token'));
    await page.keyboard.type('not the token');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await assertNoAxeViolations(page, 'the sign-in page with its error');
    await tabTo(page, page.getByRole('link', { name: /not an organiser token/ }));
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#token$/, 'the summary links to the field');
    await tabTo(page, page.getByLabel('Organiser token'));
    await page.keyboard.type(server.token);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/events/${EVENT}/`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'cfp_inbox');
    assert.ok(session?.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));

    // The list: both proposals, with the workshop's count of talks.
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    await page.getByRole('cell', { name: talkFromSeed().title }).waitFor();
    const workshopRow = rows.filter({ hasText: 'Dask in the wild' });
    assert.equal((await workshopRow.locator('td').last().innerText()).trim(), '4');
    assert.match(await page.locator('#list-status').innerText(), /Proposals 1 to 2 of 2/);
    await assertNoAxeViolations(page, 'the list');
    await shot(page, 'inbox-list-light.png');

    // A filter narrows it, and lives in the URL.
    await page.getByLabel('Format').selectOption('workshop');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/format=workshop/);
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /Dask in the wild/);
    // A search too (the filter cleared): a word of the seed talk's abstract.
    await page.getByRole('link', { name: 'Clear the filters' }).click();
    await page.getByLabel('Search').fill('lightgbm');
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL(/q=lightgbm/);
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), new RegExp(talkId));
    await assertNoAxeViolations(page, 'the list, searched');

    // The workshop's page, reached with the keyboard from the list of all: its talks.
    await page.goto(`${base}/admin/events/${EVENT}/?sort=title`);
    await tabTo(page, page.getByRole('link', { name: workshopId }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Dask in the wild' }).waitFor();
    for (const talk of TALKS) await page.getByRole('heading', { level: 3, name: talk.title }).waitFor();
    assert.match(await page.locator('body').innerText(), /Ann Perez <ann@example.org>/);
    // Its two versions, and what the change changed.
    await page.getByRole('heading', { level: 3, name: /^Version 2, / }).waitFor();
    const diff = page.locator('table.diff');
    assert.match(await diff.getByRole('rowheader').innerText(), /^Abstract$/);
    assert.match(await diff.locator('ins').innerText(), /Bring a laptop\.$/);
    await assertNoAxeViolations(page, 'a workshop proposal');
    // Next and previous keep the view: by title, "Dask in the wild" comes first.
    assert.equal(await page.getByRole('link', { name: 'Previous' }).count(), 0);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(new RegExp(`/proposals/${talkId}\\?sort=title$`));
    assert.match(await page.locator('.pager').innerText(), /2 of 2/);
    await page.getByRole('link', { name: 'Previous' }).click();
    await page.waitForURL(new RegExp(`/proposals/${workshopId}\\?sort=title$`));

    // Its state, with the keyboard: from New to Shortlisted, saved, and still so after a reload.
    await tabTo(page, page.getByRole('radio', { name: 'New' }));
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.getByRole('radio', { name: 'Shortlisted' }).isChecked());
    await tabTo(page, page.getByRole('button', { name: 'Save the state' }));
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.reload();
    assert.ok(await page.getByRole('radio', { name: 'Shortlisted' }).isChecked(), 'kept across a reload');
    assert.match(await page.locator('#state-title').innerText(), /Shortlisted/);
    assert.match(await page.locator('body').innerText(), /Set to Shortlisted by Ana Organiser/);
    // A note, with the keyboard too.
    await tabTo(page, page.getByLabel('Add a note'));
    await page.keyboard.type('Four strong talks; ask about the GPU one.');
    await tabTo(page, page.getByRole('button', { name: 'Save the note' }));
    await page.keyboard.press('Enter');
    await page.getByText('Four strong talks; ask about the GPU one.').waitFor();
    await shot(page, 'inbox-proposal-light.png');

    // Dark: the same pages, still without violations.
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertNoAxeViolations(page, 'a proposal, dark');
    await shot(page, 'inbox-proposal-dark.png');
    await page.goto(`${base}/admin/events/${EVENT}/`);
    await assertNoAxeViolations(page, 'the list, dark');
    await shot(page, 'inbox-list-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    // The counts on the events page match the export.
    await page.goto(`${base}/admin/`);
    await assertNoAxeViolations(page, 'the events page');
    const exported = await (await fetch(`${base}/api/events/${EVENT}/proposals?format=json`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })).json();
    const states = exported.proposals.map((p) => p.triage.state).sort();
    assert.deepEqual(states, ['new', 'shortlisted']);
    const dask = page.getByRole('row', { name: /Dask User Summit 2021/ });
    assert.equal(await dask.getByRole('link', { name: /^1 Shortlisted/ }).innerText(), '1');
    assert.equal(await dask.getByRole('link', { name: /^1 New/ }).innerText(), '1');

    // The refusals are pages too: an unknown proposal, a form without its CSRF token.
    const missing = await page.goto(`${base}/admin/events/${EVENT}/proposals/ZZZZZ-ZZZZZ`);
    assert.equal(missing.status(), 404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await assertNoAxeViolations(page, 'the not-found page');
    const forged = await page.request.post(`${base}/admin/events/${EVENT}/proposals/${talkId}/state`, { form: { state: 'spam' } });
    assert.equal(forged.status(), 403);
    await page.setContent(await forged.text());
    await assertNoAxeViolations(page, 'the page of a form without its CSRF token');
    await page.goto(`${base}/admin/`);

    // In Spanish, chosen at sign-in, in another browser.
    const spanish = await browser.newContext({ locale: 'es-ES' });
    const other = await spanish.newPage();
    await other.goto(`${base}/admin/`);
    await other.getByLabel('Su nombre').fill('Lucía');
    await other.getByLabel('Token de organizador').fill(server.token);
    await other.getByRole('button', { name: 'Entrar' }).click();
    await other.getByRole('heading', { level: 1, name: 'Eventos' }).waitFor();
    assert.equal(await other.locator('html').getAttribute('lang'), 'es');
    await other.goto(`${base}/admin/events/${EVENT}/proposals/${workshopId}`);
    await other.getByRole('heading', { name: 'Charlas (4)' }).waitFor();
    await assertNoAxeViolations(other, 'a proposal, in Spanish');
    await spanish.close();

    // The anonymised view: no name or address anywhere, on any page.
    await page.getByRole('button', { name: 'Hide names (anonymised view)' }).click();
    await page.getByText('Names hidden').waitFor();
    for (const url of [
      `/admin/events/${EVENT}/`,
      `/admin/events/${EVENT}/?q=dask`,
      `/admin/events/${EVENT}/proposals/${workshopId}`,
      `/admin/events/${EVENT}/proposals/${talkId}`,
    ]) {
      await page.goto(`${base}${url}`);
      const text = await page.locator('html').innerText();
      for (const person of PEOPLE) assert.ok(!text.includes(person), `${person} shows on ${url}`);
      const html = await page.content();
      for (const person of PEOPLE) assert.ok(!html.includes(person), `${person} is in the markup of ${url}`);
      await assertNoAxeViolations(page, `${url}, anonymised`);
    }
    await page.goto(`${base}/admin/events/${EVENT}/?q=lamb`);
    assert.match(await page.locator('#list-status').innerText(), /No proposals match/);
    await page.getByRole('button', { name: 'Show names' }).click();
    await page.getByRole('button', { name: 'Hide names (anonymised view)' }).waitFor();

    // Sign out: back to the sign-in page, and the inbox is closed again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in$/);
    await page.goto(`${base}/admin/`);
    assert.match(page.url(), /\/admin\/sign-in\?next=/);
    assert.deepEqual(violations, [], 'no console errors (a CSP violation would be one)');
    await context.close();
  });
});
