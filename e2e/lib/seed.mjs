// The real talk proposal from the seed documents (shared/seeds/001_66ee5127a8f82789.txt,
// copied to e2e/fixtures/seed-talk.txt so that a clone of the repository is enough), as a
// speaker would paste it into the form.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './browser.mjs';

const SEED = path.join(REPO_ROOT, 'e2e', 'fixtures', 'seed-talk.txt');

/** { title, abstract, description } from the seed file. */
export function talkFromSeed() {
  const lines = readFileSync(SEED, 'utf8').split(/\r?\n/);
  const title = lines.find((l) => l.startsWith('# ')).slice(2).trim();
  const abstract = lines.find((l) => l.startsWith('> ')).slice(2).trimEnd();
  const note = lines.find((l) => l.startsWith('**NOTE:**')).trimEnd();
  const start = lines.findIndex((l) => l.startsWith('## Where this talk has been given'));
  assert.ok(start > 0, `no "Where this talk has been given" section in ${SEED}`);
  const given = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
    if (lines[i].startsWith('* ')) given.push(lines[i].trimEnd());
  }
  const heading = lines[start].replace(/^## /, '').trim();
  const description = `${note}\n\n${heading}\n\n${given.join('\n')}`;
  return { title, abstract, description };
}

/**
 * Fills a proposal form with the seed talk. `scope` is the page, or a locator around one
 * widget when a page has several; `track` is a track label or null.
 */
export async function fillTalk(scope, { track = null, email = 'james.lamb@example.org' } = {}) {
  const talk = talkFromSeed();
  await scope.getByLabel('Title', { exact: true }).fill(talk.title);
  await scope.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Talk\b/ }).check();
  if (track) await scope.getByRole('radio', { name: track }).check();
  await scope.getByLabel('Abstract', { exact: true }).fill(talk.abstract);
  await scope.getByLabel('Description for the reviewers (optional)', { exact: true }).fill(talk.description);
  const you = scope.getByRole('group', { name: 'About you' });
  await you.getByLabel('Full name', { exact: true }).fill('James Lamb');
  await you.getByLabel('Email address', { exact: true }).fill(email);
  await scope.getByRole('checkbox', { name: "I agree to follow the event's code of conduct" }).check();
  return talk;
}
