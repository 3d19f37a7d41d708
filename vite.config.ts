import { defineConfig } from 'vite';

// The app is a static site: `vite build` writes dist/, which any static host serves.
export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
