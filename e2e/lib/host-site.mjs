// A host site for the embedding tests: a real HTTP server on 127.0.0.1 standing in for a
// maintainer's static site and CDN. It serves
//   /pages/*   the host pages in e2e/pages/ (see serveFile for what a page may name)
//   /cdn/*     the folder `cargo xtask dist` made ($CFP_WIDGET_DIST): what maintainers copy
//   /vendor/bootstrap.min.css   Bootstrap, from node_modules (the hostile page uses it)
//   /api/*     passed through to the reference server ($CFP_BASE_URL), so the pages, the
//              widget and the endpoint share one origin, as under a strict CSP they must.
//   /conf/ID.json  events/ID.json as a maintainer would copy it beside the site, with a
//              relative endpoint (`../api/events/ID/proposals`): right only if the widget
//              resolves it against the config's URL, not the page's.
//   POST anything else: 501, as a static host (python -m http.server, many CDNs) answers.

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT, baseUrl } from './browser.mjs';

/** Content types by file extension, for the test sites' static servers. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function widgetDist() {
  const dir = process.env.CFP_WIDGET_DIST || path.join(REPO_ROOT, 'target', 'cfp-widget');
  if (!existsSync(path.join(dir, 'cfp-widget.js'))) {
    throw new Error(`${dir} has no cfp-widget.js: run \`cargo xtask dist\` (cargo xtask test does)`);
  }
  return dir;
}

/** A file under `root` for the URL path `rest`, or null (also for `..` tricks). */
function fileUnder(root, rest) {
  const file = path.resolve(root, decodeURIComponent(rest));
  if (!file.startsWith(root + path.sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** The hashed loader under <version>/ and its integrity, from the dist folder's SRI.txt. */
function pinnedLoader(dist) {
  for (const line of readFileSync(path.join(dist, 'SRI.txt'), 'utf8').split('\n')) {
    const [integrity, name] = line.split(' ');
    if (name && /^[^/]+\/cfp-widget\.[0-9a-f]{16}\.js$/.test(name)) return { integrity, name };
  }
  throw new Error(`no hashed loader in ${dist}/SRI.txt`);
}

function serveFile(res, file, vars) {
  const headers = {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Cache-Control': 'no-store',
  };
  if (path.extname(file) === '.html') {
    // A page may name the reference server's origin, {{SERVER}}, and the hashed loader
    // of the dist folder, {{PINNED}} (its path under /cdn/) and {{PINNED_INTEGRITY}}.
    let text = readFileSync(file, 'utf8');
    for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{{${name}}}`, value);
    res.writeHead(200, headers);
    res.end(text);
    return;
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}

function proxy(req, res, api) {
  const target = new URL(req.url, api);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`host site: the reference server did not answer: ${err.message}`);
  });
  req.pipe(upstream);
}

/**
 * Starts the host site. Returns { url, vars, close() }: `vars` are the {{NAME}}s its pages
 * may use, read at each request, so a test may add one once it knows it (OWN_SERVER).
 */
export async function startHostSite() {
  const roots = {
    '/pages/': path.join(REPO_ROOT, 'e2e', 'pages'),
    '/cdn/': widgetDist(),
  };
  const bootstrap = path.join(REPO_ROOT, 'e2e', 'node_modules', 'bootstrap', 'dist', 'css', 'bootstrap.min.css');
  const api = baseUrl();
  const pinned = pinnedLoader(roots['/cdn/']);
  const vars = { SERVER: api, PINNED: pinned.name, PINNED_INTEGRITY: pinned.integrity };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    if (url.pathname.startsWith('/api/')) return proxy(req, res, api);
    // Pages carry no icon link (a data: icon would break the strict CSP's img-src).
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    if (url.pathname === '/vendor/bootstrap.min.css') return serveFile(res, bootstrap, vars);
    if (req.method === 'POST') {
      res.writeHead(501, { 'Content-Type': 'text/html' });
      return res.end('<!doctype html><title>501</title><p>Unsupported method (POST)</p>');
    }
    const conf = /^\/conf\/([a-z0-9-]+)\.json$/.exec(url.pathname);
    if (conf) {
      const file = fileUnder(path.join(REPO_ROOT, 'events'), `${conf[1]}.json`);
      if (!file) return res.writeHead(404).end();
      const config = JSON.parse(readFileSync(file, 'utf8'));
      config.endpoint = { url: `../api/events/${conf[1]}/proposals` };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify(config));
    }
    for (const [prefix, root] of Object.entries(roots)) {
      if (url.pathname.startsWith(prefix)) {
        const file = fileUnder(root, url.pathname.slice(prefix.length));
        if (file) return serveFile(res, file, vars);
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    vars,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
