/**
 * A tiny static file server for the end-to-end tests that need real response headers
 * (`vite preview` sets none of ours): serves `dir` on a free loopback port and adds
 * `headers` to every response, the worker script's included — a worker's CSP comes from its
 * own response header, never from the page's <meta>. GET/HEAD only; no directory listing.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { freePort } from './browser.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
};

/** Returns { baseUrl, requests, stop() }; `requests` lists every path asked for. */
export async function startStaticServer(dir, headers) {
  const port = await freePort();
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    let ok = file.startsWith(normalize(dir) + sep) && (req.method === 'GET' || req.method === 'HEAD');
    let size = 0;
    try {
      const st = statSync(file);
      ok &&= st.isFile();
      size = st.size;
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((res) => server.listen(port, '127.0.0.1', res));
  const stop = () => server.close();
  process.on('exit', stop);
  return { baseUrl: `http://127.0.0.1:${port}/`, requests, stop };
}
