import { defineConfig } from 'vite';
import { parseOrigins, withBasemapOrigins } from './scripts/csp.ts';

// Basemap servers the built page may reach (space- or comma-separated https origins), e.g.
// BASEMAP_ORIGINS="https://tiles.example.org" npm run build. None by default: the page then
// reaches only its own server (scripts/csp.ts, src/app/map/basemap.ts).
const basemapOrigins = parseOrigins(process.env.BASEMAP_ORIGINS);

// The app is a static site: `vite build` writes dist/, which any static host serves.
export default defineConfig({
  base: './',
  // assetsInlineLimit 0: demo files stay files (the CSP's connect-src 'self' blocks data: URLs).
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  plugins: [{ name: 'basemap-csp', transformIndexHtml: (html) => withBasemapOrigins(html, basemapOrigins) }],
});
