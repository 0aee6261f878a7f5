// Talking to the reference server the e2e run started (`cargo xtask test`): the organisers'
// export, and the widget's submit button and receipt.

import assert from 'node:assert/strict';
import { baseUrl } from './browser.mjs';

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

export const submit = (page) => page.getByRole('button', { name: 'Submit proposal' }).click();

/** The receipt id shown once the server confirmed the proposal. */
export async function receiptId(page) {
  const receipt = page.locator('.cfp-receipt');
  await receipt.getByRole('heading', { name: 'Proposal received' }).waitFor({ timeout: 20_000 });
  return (await receipt.locator('.cfp-receipt__id').innerText()).trim();
}
