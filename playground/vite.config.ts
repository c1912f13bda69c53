// The playground's dev server and static build. The page imports the library as 'strata-nn' (its public API), here
// resolved to the sources. COOP/COEP make the page cross-origin isolated, which SharedArrayBuffer (threads) needs.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: { 'strata-nn': fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../playground-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
