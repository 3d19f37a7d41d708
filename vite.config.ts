import { defineConfig } from 'vite';

// The app is a static site: `vite build` writes dist/, which any static host serves.
export default defineConfig({
  base: './',
  // assetsInlineLimit 0: demo files stay files (the CSP's connect-src 'self' blocks data: URLs).
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
