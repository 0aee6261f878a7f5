// The real talk proposal from the seed documents (shared/seeds/001_66ee5127a8f82789.txt),
// as a speaker would paste it into the form.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './browser.mjs';

const SEED = path.resolve(REPO_ROOT, '..', 'shared', 'seeds', '001_66ee5127a8f82789.txt');

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
