// A Google Form as the endpoint, as docs/config.md's worked example sets it up: the page's
// config maps fields to `entry.N` names and posts `form`-encoded and `opaque` (Google sends
// no CORS headers). A local stand-in for docs.google.com, on another origin, records what
// arrives and answers as Google does: 200, an HTML page, no CORS headers.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { REPO_ROOT, launchBrowser, openPage } from './lib/browser.mjs';
import { startHostSite } from './lib/host-site.mjs';
import { fillTalk } from './lib/seed.mjs';
import { submit } from './lib/server.mjs';

const TIMEOUT = { timeout: 90_000 };
const FORM_PATH = '/forms/d/e/1FAIpQLSdTESTFORM/formResponse';

/** A stand-in for Google's formResponse: records each POST's content type and body. */
async function startFormRecorder() {
  const posts = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === FORM_PATH) {
        posts.push({ contentType: req.headers['content-type'], body });
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Dask Summit</title><p>Your response has been recorded.</p>');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    posts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('a Google Form as the endpoint', () => {
  let browser;
  let site;
  let forms;
  before(async () => {
    browser = await launchBrowser();
    forms = await startFormRecorder();
    site = await startHostSite();
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'events', 'dask-summit-2021.json'), 'utf8'));
    config.id = 'dask-google-form';
    config.questions.push({
      id: 'topics', label: 'Topics', kind: 'multi_choice',
      options: [{ id: 'ml', label: 'Machine learning' }, { id: 'hpc', label: 'HPC' }, { id: 'viz', label: 'Visualisation' }],
    });
    config.endpoint = {
      url: `${forms.url}${FORM_PATH}`,
      encoding: 'form',
      response: 'opaque',
      fields: {
        title: 'entry.1234567',
        format: 'entry.2345678',
        abstract: 'entry.3456789',
        'speakers[0].name': 'entry.4567890',
        'speakers[0].email': 'entry.89',
        'answers.first-talk': 'entry.5678901',
        'answers.topics': 'entry.6789012',
      },
    };
    site.vars.GOOGLE_CONFIG = JSON.stringify(config);
  });
  after(async () => {
    await site?.close();
    await forms?.close();
    await browser?.close();
  });

  test('each mapped field arrives under its entry id, picks repeated, the rest under their own names', TIMEOUT, async () => {
    const { context, page, errors } = await openPage(browser, `${site.url}/pages/google-form.html`);
    try {
      const talk = await fillTalk(page, { email: 'google.form@example.org' });
      await page.getByRole('group', { name: /Is this your first talk\?/ }).getByRole('radio', { name: 'Yes' }).check();
      const topics = page.getByRole('group', { name: /Topics/ });
      await topics.getByRole('checkbox', { name: 'Machine learning' }).check();
      await topics.getByRole('checkbox', { name: 'Visualisation' }).check();
      await submit(page);
      const heading = page.getByRole('heading', { name: 'Proposal sent' });
      await heading.waitFor();
      await assertNoAxeViolations(page, 'the receipt of an opaque send');

      assert.equal(forms.posts.length, 1, 'one post reached the form');
      const [post] = forms.posts;
      assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
      const sent = new URLSearchParams(post.body);
      assert.equal(sent.get('entry.1234567'), talk.title);
      assert.equal(sent.get('entry.2345678'), 'talk');
      assert.equal(sent.get('entry.3456789'), talk.abstract);
      assert.equal(sent.get('entry.4567890'), 'James Lamb');
      assert.equal(sent.get('entry.89'), 'google.form@example.org');
      assert.equal(sent.get('entry.5678901'), 'true');
      assert.deepEqual(sent.getAll('entry.6789012'), ['ml', 'viz'], 'one field per pick, as Google checkboxes');
      for (const renamed of ['title', 'format', 'abstract', 'speakers[0][name]', 'speakers[0][email]', 'answers[topics][0]']) {
        assert.equal(sent.has(renamed), false, `${renamed} went under its entry id only`);
      }
      assert.equal(sent.get('description'), talk.description, 'unmapped fields keep their own names');
      assert.equal(sent.get('code_of_conduct'), 'true');
      assert.equal(sent.has('_gotcha'), false, 'no honeypot from a person');
      // The one "failure" is the opaque answer itself: Chromium's Opaque Response Blocking
      // withholds an HTML answer to a no-cors fetch and reports the request aborted, after
      // it arrived (forms.posts above). Google's own answer is HTML too.
      const formUrl = `${forms.url}${FORM_PATH}`;
      assert.deepEqual(
        errors.filter((e) => e !== `request failed: ${formUrl} (net::ERR_ABORTED)`),
        [],
        'no console errors, other failed requests or HTTP errors',
      );
    } finally {
      await context.close();
    }
  });
});
