// The embedding recipes of docs/embedding.md on the real generators: Jekyll and Hugo
// (Debian's packages) and Sphinx with MyST (PyPI, in the venv `cargo xtask setup` makes).
// Each minimal site in e2e/sites/ gets the snippet exactly as the doc prints it (taken
// from the doc here, so the doc cannot drift), the folder `cargo xtask dist` made, and
// the Dask config pointing at a cfp-server on another origin; it is built, served under
// /en/latest/ (a sub-path, as on Read the Docs), and a proposal is sent through it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoAxeViolations } from './lib/axe.mjs';
import { REPO_ROOT, launchBrowser, openPage, screenshot } from './lib/browser.mjs';
import { TYPES } from './lib/host-site.mjs';
import { fillTalk } from './lib/seed.mjs';
import { exportedFrom, receiptId, startOwnServer, submit } from './lib/server.mjs';

const TIMEOUT = { timeout: 180_000 };
const SUB_PATH = '/en/latest/';
const DOC = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'embedding.md'), 'utf8');

/** The first ```lang block after the heading `heading` in docs/embedding.md. */
function snippet(heading, lang) {
  const at = DOC.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `docs/embedding.md has no heading ${heading}`);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(DOC.slice(at));
  assert.ok(match, `no \`\`\`${lang} block under ${heading} in docs/embedding.md`);
  return match[1];
}

/** A static server for `dir()` under SUB_PATH, on its own port (its own origin). */
async function serveUnderSubPath(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://site');
    // The minimal sites name no icon; a browser asks anyway.
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    if (!url.pathname.startsWith(SUB_PATH)) return res.writeHead(404).end();
    let file = path.resolve(dir(), decodeURIComponent(url.pathname.slice(SUB_PATH.length)));
    if (!file.startsWith(dir())) return res.writeHead(404).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

function run(program, args, options = {}) {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: 'pipe', ...options });
  } catch (e) {
    throw new Error(`${program} ${args.join(' ')} failed:\n${e.stdout}\n${e.stderr}`);
  }
}

const dist = process.env.CFP_WIDGET_DIST || path.join(REPO_ROOT, 'target', 'cfp-widget');
const sphinxBuild = process.env.CFP_SPHINX_BUILD || path.join(REPO_ROOT, 'target', 'sphinx-venv', 'bin', 'sphinx-build');

/** Each generator: put the recipe into `src` (a copy of e2e/sites/NAME), build into `out`. */
const GENERATORS = {
  jekyll: {
    prepare(src, config) {
      fs.cpSync(dist, path.join(src, 'cfp'), { recursive: true });
      fs.mkdirSync(path.join(src, '_data'));
      fs.writeFileSync(path.join(src, '_data', 'cfp.json'), JSON.stringify(config, null, 2));
      fs.mkdirSync(path.join(src, '_includes'));
      fs.writeFileSync(path.join(src, '_includes', 'cfp.html'), snippet('### Jekyll', 'liquid'));
    },
    build: (src, out) => run('jekyll', ['build', '--quiet', '-s', src, '-d', out, '--baseurl', SUB_PATH.replace(/\/$/, '')]),
  },
  hugo: {
    prepare(src, config) {
      fs.cpSync(dist, path.join(src, 'static', 'cfp'), { recursive: true });
      fs.mkdirSync(path.join(src, 'data'));
      fs.writeFileSync(path.join(src, 'data', 'cfp.json'), JSON.stringify(config, null, 2));
      fs.mkdirSync(path.join(src, 'layouts', 'shortcodes'), { recursive: true });
      fs.writeFileSync(path.join(src, 'layouts', 'shortcodes', 'cfp.html'), snippet('### Hugo', 'go-html-template'));
    },
    build: (src, out, origin) => run('hugo', ['--quiet', '-s', src, '-d', out, '--baseURL', `${origin}${SUB_PATH}`]),
  },
  sphinx: {
    prepare(src, config) {
      fs.cpSync(dist, path.join(src, '_extra', 'cfp'), { recursive: true });
      fs.writeFileSync(path.join(src, '_extra', 'cfp', 'event.json'), JSON.stringify(config, null, 2));
      const conf = fs.readFileSync(path.join(src, 'conf.py.in'), 'utf8') + snippet('### Sphinx (with MyST)', 'python');
      fs.writeFileSync(path.join(src, 'conf.py'), conf);
      fs.rmSync(path.join(src, 'conf.py.in'));
      const page = path.join(src, 'index.md');
      fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('<!-- CFP-SNIPPET -->', snippet('### Sphinx (with MyST)', 'html')));
    },
    build: (src, out) => run(sphinxBuild, ['-q', '-b', 'html', src, out]),
  },
};

describe('the recipes on real generators, under a sub-path', () => {
  let browser;
  let work;
  let own;
  const sites = {};
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cfp-e2e-sites-'));
    for (const name of Object.keys(GENERATORS)) {
      const out = path.join(work, name, 'out');
      sites[name] = { out, served: await serveUnderSubPath(() => out) };
    }
    // The organisers' cfp-server, on another origin, allowing the three sites.
    const events = path.join(work, 'events');
    fs.mkdirSync(events);
    const dask = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'events', 'dask-summit-2021.json'), 'utf8'));
    dask.allowed_origins = Object.values(sites).map((s) => s.served.origin);
    fs.writeFileSync(path.join(events, 'dask-summit-2021.json'), JSON.stringify(dask));
    own = startOwnServer({ db: path.join(work, 'cfp.sqlite'), events });
    const server = await own.url;
    // The config a maintainer writes: the shipped event, posting to that server.
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'events', 'dask-summit-2021.json'), 'utf8'));
    config.endpoint = { url: `${server}/api/events/dask-summit-2021/proposals` };
    for (const [name, generator] of Object.entries(GENERATORS)) {
      const src = path.join(work, name, 'src');
      fs.cpSync(path.join(REPO_ROOT, 'e2e', 'sites', name), src, { recursive: true });
      generator.prepare(src, config);
      const started = Date.now();
      generator.build(src, sites[name].out, sites[name].served.origin);
      sites[name].buildMs = Date.now() - started;
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    own?.close();
    for (const site of Object.values(sites)) site.served.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  for (const name of Object.keys(GENERATORS)) {
    test(`${name}: the recipe renders the widget under ${SUB_PATH}, and a proposal sent through it gets a receipt`, TIMEOUT, async () => {
      const site = sites[name];
      const { context, page, errors } = await openPage(browser, `${site.served.origin}${SUB_PATH}`);
      try {
        // The loader found its files under the sub-path, next to itself.
        const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        for (const file of ['cfp-widget.js', 'cfp-widget-app.js', 'cfp-widget-app_bg.wasm']) {
          assert.ok(loaded.includes(`${SUB_PATH}cfp/${file}`), `${file} from ${SUB_PATH}cfp/: ${loaded.join(', ')}`);
        }
        // As a maintainer sees the page: docs/embed-NAME.png (the viewport, before typing,
        // so the picture only changes when the page does).
        await page.screenshot({ path: path.join(REPO_ROOT, 'docs', `embed-${name}.png`) });
        const talk = await fillTalk(page, { email: `${name}@example.org` });
        await submit(page);
        const id = await receiptId(page);
        const row = (await exportedFrom(own, 'dask-summit-2021')).find((r) => r.id === id);
        assert.ok(row, `${id} is stored`);
        assert.equal(row.proposal.title, talk.title);
        assert.deepEqual(errors, [], `${name}: console errors, failed requests or HTTP errors`);
        // Sphinx's default theme (alabaster) has faults of its own (a #888 footer, heading
        // order in its sidebar): there the widget alone is checked; elsewhere the page.
        const scope = name === 'sphinx' ? { include: '[data-cfp-widget]' } : {};
        await assertNoAxeViolations(page, `the ${name} page with the receipt`, scope);
        await screenshot(page, `site-${name}.png`);
        console.log(`# ${name}: built in ${site.buildMs} ms`);
      } finally {
        await context.close();
      }
    });
  }
});
