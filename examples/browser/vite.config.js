// Vite config of the browser demo: `npm run demo` builds it into examples/browser/dist and
// serves it. uqkit/browser is the package's own build (build/browser.js, next to uqkit.wasm,
// which Vite copies along through `new URL('../uqkit.wasm', import.meta.url)`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: { 'uqkit/browser': fileURLToPath(new URL('../../build/browser.js', import.meta.url)) } },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  logLevel: 'warn',
});
