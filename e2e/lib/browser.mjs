// Shared helpers for the end-to-end tests: launch the system Chromium through
// playwright-core, open pages of the served demo, and record console and page errors
// so that a test fails on them.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root (this file is e2e/lib/browser.mjs). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where screenshots go: $CFP_ARTIFACTS, or e2e/artifacts. */
export const ARTIFACTS = process.env.CFP_ARTIFACTS || path.join(REPO_ROOT, 'e2e', 'artifacts');

export const CHROMIUM = process.env.CFP_CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The server of dist/, from $CFP_BASE_URL (set by `cargo xtask test`), without a trailing slash. */
export function baseUrl() {
  const base = process.env.CFP_BASE_URL;
  if (!base) {
    throw new Error(
      'CFP_BASE_URL is not set: run these tests with `cargo xtask test`, ' +
        'or serve dist/ (`cargo xtask serve --port 8080`) and set CFP_BASE_URL=http://127.0.0.1:8080',
    );
  }
  return base.replace(/\/+$/, '');
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/**
 * Opens `urlPath` (e.g. "/" or "/events/scipy-2020/" on the reference server, or a full
 * URL) in a fresh context (empty localStorage, so no saved draft) and waits for the
 * widget's form. `context` takes Playwright's context options (e.g. colorScheme); `init`
 * is a script run in the page before its own.
 * Returns { context, page, errors }; `errors` collects console errors, uncaught page
 * errors and failed requests for `assertNoErrors`.
 */
export async function openPage(browser, urlPath, { waitFor = 'form.cfp-form', context: contextOptions = {}, init } = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location()?.url ? ` (${msg.location().url})` : '';
      errors.push(`console.error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.stack || err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(urlPath.startsWith('http') ? urlPath : baseUrl() + urlPath);
  assert.equal(response?.status(), 200, `GET ${urlPath}`);
  if (waitFor) await page.locator(waitFor).first().waitFor({ state: 'visible', timeout: 15_000 });
  return { context, page, errors };
}

export function assertNoErrors(errors, what = 'the page') {
  assert.deepEqual(errors, [], `${what} logged errors:\n${errors.join('\n')}`);
}

/**
 * Opens a page, runs `body({ page, errors })`, then fails on any recorded error and
 * closes the context (also when `body` throws).
 */
export async function withPage(browser, urlPath, body, options) {
  const { context, page, errors } = await openPage(browser, urlPath, options);
  try {
    await body({ page, errors });
    assertNoErrors(errors, urlPath);
  } finally {
    await context.close();
  }
}

/** Polls `fn` until it returns a truthy value; fails with `message` after `timeout` ms. */
export async function eventually(fn, message, timeout = 5_000) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > timeout) {
      assert.fail(`${typeof message === 'function' ? message(last) : message} (last: ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The focused element of `page` as { id, classes, type }, looking inside shadow roots (the
 * document's activeElement is the widget's host while focus is in the widget).
 */
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { id: el?.id ?? '', classes: [...(el?.classList ?? [])], type: el?.type ?? '' };
  });
}

/** The id of the focused element in `page`. */
export async function focusedId(page) {
  return (await focused(page)).id;
}

/**
 * An `init` script for openPage: records in the page, before its own scripts run, the CSP
 * violations (window.__violations) and the widget's DOM events (window.__events, each
 * { name, detail }).
 */
export function recordEvents() {
  window.__violations = [];
  window.__events = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
  );
  for (const name of ['cfp:submitted', 'cfp:error']) {
    document.addEventListener(name, (e) => window.__events.push({ name, detail: e.detail }));
  }
}

/** Saves a full-page screenshot to ARTIFACTS/`name` and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
