import fastifyStatic from '@fastify/static';
import { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { servePayPage } from './serve-pay-page';

/** Where the console's pages are: every path under it is the console's, none the API's. */
export const CONSOLE_PREFIX = '/app/';

/**
 * The built console (npm run build:console → dist/console): beside the compiled api in dist, or in
 * the repository's dist/ when the api runs from source (tests); undefined if it is not built.
 */
export function consoleDirectory(): string | undefined {
  // dist/apps/api/src/console, or apps/api/src/console from source.
  const above = join(__dirname, '..', '..', '..', '..');
  const directory = extname(__filename) === '.js' ? join(above, 'console') : join(above, 'dist', 'console');
  return existsSync(join(directory, 'index.html')) ? directory : undefined;
}

/**
 * Serves the web console under /app/, redirects / there, and serves the customer's page at
 * /pay/<token> (serve-pay-page.ts). Its files are public, as a sign-in
 * page must be: they hold no data, and every call the console makes carries the person's API key
 * (see isConsoleRoute in auth/authenticate.ts). Files are served as built; every other path under
 * /app/ answers index.html, so that each page has its own URL and reloads and bookmarks work.
 */
export function serveConsole(fastify: FastifyInstance, directory: string | undefined, warn: (message: string) => void): void {
  fastify.get('/', (_request, reply) => reply.redirect(CONSOLE_PREFIX, 302));
  if (directory === undefined) {
    warn('The web console is not built (npm run build:console): /app/ answers 404');
    return;
  }
  const page = readFileSync(join(directory, 'index.html'));
  // Swagger UI registers @fastify/static first and decorates the reply; this one does not again.
  // Queued, not awaited: awaiting would load the plugins queued before it (Swagger's) out of turn.
  // The build wrote a Brotli and a gzip copy of each file (preCompressed); the assets' names carry
  // their content's hash, so a browser may keep them for good (immutable).
  void fastify.register(fastifyStatic, {
    root: directory,
    prefix: CONSOLE_PREFIX,
    wildcard: false,
    decorateReply: false,
    index: false,
    preCompressed: true,
    // The compressed copies are how a file is sent, not files of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders: (reply, path) => {
      if (path.includes(`${sep}assets${sep}`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  fastify.get(`${CONSOLE_PREFIX}*`, (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(page),
  );
  // The customer's page is a second entry of the same build: its assets are the ones above.
  servePayPage(fastify, directory, warn);
}
