// End-to-end tests of the form's behaviour in headless Chromium, on the demo pages the
// reference server serves (`cargo xtask test` starts it; CFP_BASE_URL). Queries go through labels and roles, as a person
// with a screen reader would find the controls.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import {
  eventually,
  focused,
  focusedId,
  launchBrowser,
  screenshot,
  withPage,
} from './lib/browser.mjs';

const TIMEOUT = { timeout: 60_000 };
const DASK = '/events/dask-summit-2021/';

/** The visible texts of the widget's counters (".cfp-count"). */
function counterTexts(page) {
  return page.locator('.cfp-count').evaluateAll((els) => els.map((el) => el.textContent.trim()));
}

const widgetHeading = (page) => page.locator('.cfp-widget').getByRole('heading', { level: 2 }).first();
const submitButton = (page) => page.getByRole('button', { name: 'Submit proposal' });

async function submitEmpty(page) {
  await submitButton(page).click();
  const summary = page.locator('.cfp-error-summary');
  await summary.waitFor({ state: 'visible', timeout: 5_000 });
  return summary;
}

describe('cfp-widget in Chromium', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the Dask page renders the form without console errors', TIMEOUT, async () => {
    await withPage(browser, DASK, async ({ page }) => {
      assert.match(await widgetHeading(page).innerText(), /Dask User Summit 2021/);
      await page.getByLabel('Title', { exact: true }).waitFor();
      await page.getByLabel('Abstract', { exact: true }).waitFor();
      await submitButton(page).waitFor();
    });
  });

  test('submitting the empty form focuses an error summary linking to the fields', TIMEOUT, async () => {
    await withPage(browser, DASK, async ({ page }) => {
      const summary = await submitEmpty(page);
      await eventually(
        async () => (await focused(page)).classes.includes('cfp-error-summary'),
        async () => `the error summary is not focused (focus is on #${await focusedId(page)})`,
      );
      assert.equal(await summary.getAttribute('role'), 'alert');
      await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
      const links = summary.getByRole('link');
      assert.ok((await links.count()) > 0, 'the error summary has no links');
      assert.ok(
        (await summary.locator('a[href="#cfp-field-title"]').count()) > 0,
        'no link to #cfp-field-title',
      );

      const title = page.getByLabel('Title', { exact: true });
      assert.equal(await title.getAttribute('id'), 'cfp-field-title');
      assert.equal(await title.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel('Abstract', { exact: true }).getAttribute('aria-invalid'), 'true');
      // Every text field the summary links to is marked invalid.
      for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        const invalid = await page.locator(href).evaluate((el) => {
          if (!el.matches('input:not([type=radio]):not([type=checkbox]), textarea')) return 'n/a';
          return el.getAttribute('aria-invalid');
        });
        assert.ok(invalid === 'true' || invalid === 'n/a', `${href} has aria-invalid=${invalid}`);
      }

      await screenshot(page, 'form-errors.png');
      await links.first().click();
      await eventually(
        async () => (await focusedId(page)) === 'cfp-field-title',
        async () => `the first link did not focus the Title input (focus is on #${await focusedId(page)})`,
      );
    });
  });

  test('typing into the abstract updates the visible word count', TIMEOUT, async () => {
    await withPage(browser, DASK, async ({ page }) => {
      await eventually(
        async () => (await counterTexts(page)).includes('You have 300 words remaining'),
        async () => `no "You have 300 words remaining" in ${JSON.stringify(await counterTexts(page))}`,
      );
      const abstract = page.getByLabel('Abstract', { exact: true });
      await abstract.pressSequentially('Dask scales Python to clusters');
      await eventually(
        async () => (await counterTexts(page)).includes('You have 295 words remaining'),
        async () => `no "You have 295 words remaining" in ${JSON.stringify(await counterTexts(page))}`,
      );
      await abstract.fill(Array.from({ length: 305 }, (_, i) => `word${i}`).join(' '));
      await eventually(
        async () => (await counterTexts(page)).includes('You have 5 words too many'),
        async () => `no "You have 5 words too many" in ${JSON.stringify(await counterTexts(page))}`,
      );
    });
  });

  test('the SciPy demo copy renders its name, tracks and formats', TIMEOUT, async () => {
    await withPage(browser, '/events/scipy-2020-demo/', async ({ page }) => {
      assert.match(await widgetHeading(page).innerText(), /SciPy 2020/);
      const tracks = page.getByRole('group', { name: /^Track/ });
      for (const name of ['High Performance Python', 'Machine Learning and Data Science']) {
        assert.equal(await tracks.getByRole('radio', { name: new RegExp(`^${name}`) }).count(), 1, name);
      }
      const formats = page.getByRole('group', { name: 'Format' });
      assert.equal(await formats.getByRole('radio').count(), 2);
      assert.equal(await formats.getByRole('radio', { name: /^Talk\b/ }).count(), 1);
      assert.equal(await formats.getByRole('radio', { name: /^Poster\b/ }).count(), 1);
    });
  });

  test('a reload in the middle of typing restores every field', TIMEOUT, async () => {
    await withPage(browser, DASK, async ({ page }) => {
      // A workshop: its title and abstract are the block's, and it has talks.
      await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Workshop/ }).check();
      await page.getByRole('button', { name: 'Add a talk' }).click();
      const fields = {
        'Workshop title': 'Scaling Machine Learning With Python and Dask',
        'Theme and description': 'In this talk, attendees will get an introduction to Dask.',
        Title: 'Dask on a laptop',
        'Description for the reviewers (optional)': 'Given six times before.',
        'Full name': 'James Lamb',
        'Email address': 'james.lamb@example.org',
        'Affiliation (optional)': 'Saturn Cloud',
        'Short biography (optional)': 'Maintains LightGBM.',
      };
      for (const [label, value] of Object.entries(fields)) {
        await page.getByLabel(label, { exact: true }).fill(value);
      }
      await page.getByRole('radio', { name: 'Developing Dask and its ecosystem' }).check();
      await page.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).check();
      // No pause: the page saves what is pending as it goes away.
      await page.reload();
      await page.locator('form.cfp-form').waitFor();
      await page.locator('.cfp-draft', { hasText: 'We restored your draft' }).waitFor();
      for (const [label, value] of Object.entries(fields)) {
        assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), value, label);
      }
      assert.ok(await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Workshop/ }).isChecked());
      assert.ok(await page.getByRole('radio', { name: 'Developing Dask and its ecosystem' }).isChecked());
      assert.ok(await page.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).isChecked());
      await assertNoAxeViolations(page, 'the restored draft notice');
    });
  });

  test('axe finds no violations on the empty form and on the form with errors', TIMEOUT, async () => {
    await withPage(browser, DASK, async ({ page }) => {
      await assertNoAxeViolations(page, 'the empty form');
      await submitEmpty(page);
      await assertNoAxeViolations(page, 'the form showing errors');
    });
  });
});
