// The console's build (npm run build:console): a React single-page app that the api serves under
// /app/ (apps/api/src/console/serve-console.ts), written to dist/console after the api's build;
// and the customer's page (pay.html), a second entry the api serves at /pay/<token>.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, Plugin } from 'vite';

/** The two pages: the staff console and the customer's page, each its own entry (no staff code in the customer's chunks). */
const PAGES = ['index.html', 'pay.html'];

/**
 * Writes a Brotli and a gzip copy beside each script, style and page, which the api serves to
 * browsers that accept them (@fastify/static's preCompressed): compressed once at build time, at
 * the highest levels, instead of on every request.
 */
function precompressed(): Plugin {
  return {
    name: 'collections:precompressed',
    apply: 'build',
    writeBundle({ dir }, bundle) {
      for (const file of new Set([...Object.keys(bundle), ...PAGES])) {
        if (!/\.(js|css|html)$/.test(file)) continue;
        const path = join(dir!, file);
        const content = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  // Vite's own transform compiles the TSX with React's automatic runtime; no plugin is needed for
  // a production build (@vitejs/plugin-react adds Fast Refresh for development, and its peers
  // conflict with this repository's Babel).
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompressed()],
  resolve: {
    // The typed client is the one way the console calls the api (generated from its document).
    alias: { '@collections/api-client': resolve(import.meta.dirname, '../../libs/api-client/src') },
  },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    // The budget that counts is 300 kB of gzipped JavaScript on first load (docs/console.md).
    chunkSizeWarningLimit: 1_000,
    rolldownOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page.replace(/\.html$/, ''), resolve(import.meta.dirname, page)])),
      // Mantine marks its modules "use client" for React Server Components; a browser bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
