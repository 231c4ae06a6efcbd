// npm run demo: builds the browser demo (examples/browser) with Vite into examples/browser/dist
// and serves it on 127.0.0.1 (port 5173, or the next free one; --port P to choose), printing
// the address. --build-only builds and exits; --out DIR builds elsewhere.
import { build, preview } from 'vite';

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const configFile = new URL('../examples/browser/vite.config.js', import.meta.url).pathname;
const outDir = arg('--out');

await build({ configFile, ...(outDir ? { build: { outDir } } : {}) });
if (process.argv.includes('--build-only')) process.exit(0);
const server = await preview({ configFile, preview: { host: '127.0.0.1', port: Number(arg('--port') ?? 5173), strictPort: false, open: false }, ...(outDir ? { build: { outDir } } : {}) });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.httpServer.address().port}/`;
console.log(`uqkit browser demo: ${url}  (Ctrl-C to stop)`);
