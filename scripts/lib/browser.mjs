/**
 * What the end-to-end tests (scripts/e2e.mjs) and the browser benchmark (bench/browser.mjs)
 * share: Debian Chromium's path and flags (toolchain.md: without the background-networking
 * flags this machine's closed network refuses Chromium's own connections), a free port, and
 * `vite preview` of dist/ on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not answer at ${url}`);
}

/**
 * Starts `vite preview` of root/dist on a free loopback port and waits until it answers.
 * Returns { baseUrl, log(), stop() }; the server is also stopped when the process exits.
 */
export async function startPreview(root) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('exit', stop);
  await waitHttp(baseUrl, 20_000);
  return { baseUrl, log: () => log, stop };
}
