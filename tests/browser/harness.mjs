// Minimal browser-test harness: a static server for dist/ on 127.0.0.1, headless Debian
// Chromium driven by playwright-core, request and console guards, and a closing
// "N passed, N failed" line.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};

/** Bytes the server sent (compressed where it compressed), and per file: for the benchmarks. */
export const served = { bytes: 0, files: {}, log: [] };

export function serve(dir) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      let p = path.join(dir, decodeURIComponent(url.pathname));
      if (!p.startsWith(dir)) { res.writeHead(403).end(); return; }
      if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
      if (!fs.existsSync(p)) { res.writeHead(404).end('not found'); return; }
      const headers = { 'content-type': MIME[path.extname(p)] || 'application/octet-stream', 'cache-control': 'no-store' };
      // Like a static host with compression: the build's precompressed copy when accepted.
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(p + '.gz')) {
        headers['content-encoding'] = 'gzip';
        p += '.gz';
      }
      res.writeHead(200, headers);
      const size = fs.statSync(p).size;
      served.bytes += size;
      served.files[path.basename(p)] = size;
      served.log.push([path.basename(p), size]);
      fs.createReadStream(p).pipe(res);
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

export async function launch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cer-chromium-'));
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Fails the test on requests to other hosts, console errors and page errors. */
export function guard(page, origin, problems) {
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:'))) problems.push(`request to another host: ${u}`);
  });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

const results = [];
export async function test(name, fn) {
  // ONLY=regex runs the matching tests (and the first, which loads the page): for working on one.
  if (process.env.ONLY && results.length > 0 && !new RegExp(process.env.ONLY).test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n     ')}`);
  }
}

export function summary() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0;
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export function close(a, b, rel, msg) {
  assert(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1), `${msg}: ${a} vs ${b}`);
}
