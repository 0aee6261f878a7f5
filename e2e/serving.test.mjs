// How the reference server sends the widget's own files (`--dist dist`, the files
// `cargo xtask build` left there with their .br and .gz copies): brotli to a browser that
// asks for it, gzip to one that only takes gzip, the plain file otherwise, each with the
// caching its name allows.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { baseUrl } from './lib/browser.mjs';

/** GET `path` with Accept-Encoding `encoding`, the body as it came (not decoded). */
function get(path, encoding) {
  return new Promise((resolve, reject) => {
    const headers = encoding ? { 'accept-encoding': encoding } : {};
    request(`${baseUrl()}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the widget files from the reference server', () => {
  test('the wasm goes in brotli when asked for it, else gzip, else as it is', async () => {
    const plain = await get('/cfp-widget-app_bg.wasm');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual([...plain.body.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'a wasm module');

    const br = await get('/cfp-widget-app_bg.wasm', 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.match(br.headers.vary, /accept-encoding/i);
    assert.ok(br.body.length < plain.body.length / 2, `${br.body.length} B in brotli against ${plain.body.length} B`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);

    const gz = await get('/cfp-widget-app_bg.wasm', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    assert.equal(plain.headers['cache-control'], 'public, max-age=300');
  });

  test('the demo page is asked for again each time', async () => {
    const page = await get('/events/dask-summit-2021/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'no-cache');
  });
});
