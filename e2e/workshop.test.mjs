// Workshop blocks end to end, against the real reference server (`cargo xtask test`
// starts it): a Dask workshop of 4 talks reaches the organisers' export intact; 2 talks
// are refused with the summary linking to the talks; axe finds nothing with 5 talks or
// with errors showing; and a whole workshop is proposed with the keyboard alone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { TOKEN, exported, receiptId, submit } from './lib/server.mjs';
import { baseUrl, eventually, focused, focusedId, launchBrowser, openPage, screenshot } from './lib/browser.mjs';

const TIMEOUT = { timeout: 120_000 };
const DASK = '/events/dask-summit-2021/';

/** `n` words of plausible text: abstracts must have 30 to 200 (talks) or 300 (the block). */
const words = (n, seed = 'Dask') =>
  Array.from({ length: n }, (_, i) => (i % 5 === 0 ? seed : ['scales', 'Python', 'on', 'clusters'][i % 4])).join(' ');

const TALKS = [
  { title: 'Dask on a laptop', speaker_name: 'James Lamb', speaker_email: 'james.lamb@example.org', minutes: 30 },
  { title: 'Dask-ML in production', speaker_name: 'Ann Perez', speaker_email: 'ann@example.org', minutes: 30 },
  { title: 'Dask and GPUs', speaker_name: 'Ravi Shah', speaker_email: 'ravi@example.org', minutes: 25 },
  { title: 'Workflows with Prefect', speaker_name: 'Mia Chen', speaker_email: 'mia@example.org', minutes: 35 },
].map((t, i) => ({ ...t, abstract: words(40 + i, t.title.split(' ')[0]) }));


const talkGroup = (page, n) => page.getByRole('group', { name: `Talk ${n}`, exact: true });

/** The block's own fields and its organiser, with the mouse (the keyboard test is below). */
async function fillBlock(page, organiserEmail) {
  await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Workshop/ }).check();
  await page.getByLabel('Workshop title', { exact: true }).fill('Dask in the wild');
  await page.getByLabel('Theme and description', { exact: true }).fill(words(60));
  const you = page.getByRole('group', { name: 'About you, the organiser' });
  await you.getByLabel('Full name', { exact: true }).fill('James Lamb');
  await you.getByLabel('Email address', { exact: true }).fill(organiserEmail);
}

async function addTalk(page, n, talk) {
  await page.getByRole('button', { name: 'Add a talk' }).click();
  const group = talkGroup(page, n);
  await group.getByLabel('Title', { exact: true }).fill(talk.title);
  await group.getByLabel("Speaker's full name", { exact: true }).fill(talk.speaker_name);
  await group.getByLabel("Speaker's email address", { exact: true }).fill(talk.speaker_email);
  await group.getByLabel('Abstract', { exact: true }).fill(talk.abstract);
  await group.getByLabel('Length in minutes', { exact: true }).fill(String(talk.minutes));
}

/** Press Tab until `id` has focus: no mouse, no programmatic focus. */
async function tabTo(page, id, limit = 150) {
  for (let i = 0; i < limit; i++) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id} (focus is on #${await focusedId(page)})`);
}

describe('workshop blocks', () => {
  let browser;
  before(async () => {
    assert.ok(TOKEN, 'CFP_ADMIN_TOKEN is not set: run these tests with `cargo xtask test`');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('a Dask workshop with 4 talks is received and exported intact', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, DASK);
    try {
      await fillBlock(page, 'organiser.four@example.org');
      for (const [i, talk] of TALKS.entries()) await addTalk(page, i + 1, talk);
      assert.match(await page.locator('.cfp-list__total').innerText(), /2 hours of 2 hours/);
      await page.getByRole('group', { name: /Is this your first talk/ }).getByRole('radio', { name: 'Yes' }).check();
      await page.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).check();
      await submit(page);
      const id = await receiptId(page);

      const row = (await exported('dask-summit-2021')).find((r) => r.id === id);
      assert.ok(row, `proposal ${id} is in the export`);
      assert.equal(row.proposal.format, 'workshop');
      assert.equal(row.proposal.title, 'Dask in the wild');
      assert.deepEqual(row.proposal.talks, TALKS);
      assert.deepEqual(row.proposal.answers, { 'first-talk': true });
    } finally {
      await context.close();
    }
  });

  test('a workshop of 2 talks is refused with the summary linking to the talks', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, DASK);
    try {
      await fillBlock(page, 'organiser.two@example.org');
      for (const [i, talk] of TALKS.slice(0, 2).entries()) await addTalk(page, i + 1, talk);
      await page.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).check();
      const posts = [];
      page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
      await submit(page);
      const summary = page.locator('.cfp-error-summary');
      await summary.waitFor({ state: 'visible' });
      await eventually(
        async () => (await focused(page)).classes.includes('cfp-error-summary'),
        'the summary takes focus',
      );
      const link = summary.getByRole('link', { name: 'Add at least 3 talks; this workshop has 2' });
      assert.equal(await link.getAttribute('href'), '#cfp-field-talks');
      assert.equal(await summary.getByRole('link').count(), 1, 'the only problem');
      await link.click();
      await eventually(async () => (await focusedId(page)) === 'cfp-field-talks', 'the link focuses the talks');
      assert.match(await page.locator('#cfp-field-talks-error').innerText(), /Add at least 3 talks/);
      assert.deepEqual(posts, [], 'nothing was sent');

      // The server refuses the same proposal with the same error.
      const response = await fetch(`${baseUrl()}/api/events/dask-summit-2021/proposals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: 'Dask in the wild', format: 'workshop', abstract: words(60),
          speakers: [{ name: 'James Lamb', email: 'organiser.two@example.org' }],
          talks: TALKS.slice(0, 2), code_of_conduct: true,
        }),
      });
      assert.equal(response.status, 422);
      assert.deepEqual((await response.json()).errors, [{ field: 'talks', code: 'too_few', limit: 3, actual: 2 }]);
    } finally {
      await context.close();
    }
  });

  test('axe finds no violations with 5 talks, nor with errors showing', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, DASK);
    try {
      await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Workshop/ }).check();
      await page.getByRole('group', { name: 'About you, the organiser' }).getByLabel('Full name', { exact: true }).fill('James Lamb');
      await page.getByRole('button', { name: 'Add another speaker' }).click();
      for (const [i, talk] of TALKS.entries()) await addTalk(page, i + 1, talk);
      await page.getByRole('button', { name: 'Add a talk' }).click();
      assert.ok(await page.getByRole('button', { name: 'Add a talk' }).isDisabled(), 'at 5 talks');
      await page.getByText('A workshop has at most 5 talks').waitFor();
      await assertNoAxeViolations(page, 'a workshop with 5 talks');
      await screenshot(page, 'workshop-5-talks.png');
      await submit(page);
      await page.locator('.cfp-error-summary').waitFor({ state: 'visible' });
      await assertNoAxeViolations(page, 'a workshop with errors showing');
      await screenshot(page, 'workshop-errors.png');
    } finally {
      await context.close();
    }
  });

  test('a workshop is proposed with the keyboard alone', TIMEOUT, async () => {
    const { context, page } = await openPage(browser, DASK);
    const kb = page.keyboard;
    try {
      await tabTo(page, 'cfp-field-title');
      await kb.type('Dask by keyboard');
      await tabTo(page, 'cfp-field-format');
      await kb.press('ArrowDown'); // the second format: the workshop
      assert.ok(await page.locator('#cfp-field-format-1').isChecked());
      await tabTo(page, 'cfp-field-abstract');
      await kb.insertText(words(40));
      await tabTo(page, 'cfp-field-speakers-0-name');
      await kb.type('James Lamb');
      await tabTo(page, 'cfp-field-speakers-0-email');
      await kb.type('keyboard.organiser@example.org');
      for (let i = 0; i < 3; i++) {
        await tabTo(page, 'cfp-talks-add');
        await kb.press('Enter');
        // Focus moves to the new talk's title.
        await eventually(
          async () => (await focusedId(page)) === `cfp-field-talks-${i}-title`,
          `focus on talk ${i + 1}'s title`,
        );
        await kb.type(`Keyboard talk ${i + 1}`);
        // The organiser is already in the proposal: pick them instead of typing again.
        await tabTo(page, `cfp-talk-${i}-same-0`);
        await kb.press('Space');
        await tabTo(page, `cfp-field-talks-${i}-abstract`);
        await kb.insertText(words(35));
        await tabTo(page, `cfp-field-talks-${i}-minutes`);
        await kb.type('40');
      }
      await tabTo(page, 'cfp-field-answers-ticket-assistance');
      await kb.press('Space');
      await tabTo(page, 'cfp-field-code_of_conduct');
      await kb.press('Space');
      for (let i = 0; i < 10; i++) {
        await kb.press('Tab');
        if ((await focused(page)).type === 'submit') break;
      }
      await kb.press('Enter');
      const id = await receiptId(page);
      const row = (await exported('dask-summit-2021')).find((r) => r.id === id);
      assert.ok(row, `proposal ${id} is in the export`);
      assert.equal(row.proposal.talks.length, 3);
      for (const [i, talk] of row.proposal.talks.entries()) {
        assert.equal(talk.title, `Keyboard talk ${i + 1}`);
        assert.equal(talk.speaker_name, 'James Lamb');
        assert.equal(talk.speaker_email, 'keyboard.organiser@example.org');
        assert.equal(talk.minutes, 40);
      }
      assert.deepEqual(row.proposal.answers, { 'ticket-assistance': true });
    } finally {
      await context.close();
    }
  });
});
