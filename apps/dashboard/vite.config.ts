/**
 * Builds the dashboard into dist/, which the API serves at `/`. Preact's JSX is compiled by Vite's own
 * oxc transform (no Babel preset needed), and every library is bundled: nothing loads from a CDN.
 */
import { defineConfig } from 'vite';

// `npm run dev -w @actsearch/dashboard` talks to this daemon (default: `actsearch start` on :8080).
const api = process.env.ACTSEARCH_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // KaTeX's fonts are small woff2 files: keep them as files, not data URLs.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': api } },
  preview: { proxy: { '/api': api } },
});
