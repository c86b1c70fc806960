import { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The customer's page: the link in every letter, `<PUBLIC_URL>/pay/<token>` (libs/customer-links). */
export const PAY_PAGE_ROUTE = '/pay/:token';

/**
 * What the page may load and do: its own scripts, styles and JSON calls, nothing from elsewhere,
 * never framed (no clickjacking of its buttons). Mantine writes its theme into a style element
 * and React sets style attributes, hence inline styles; no inline script is needed or allowed.
 */
export const PAY_PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the customer's page (the console build's pay.html) at /pay/<token>: the same HTML for
 * any token, without a key, as the console's sign-in page is. It holds no data; the page reads
 * the token from its address and calls /pay/<token>/… itself, where the token is checked. The
 * address carries the token, so it is never cached (no-store) and never sent on in a Referer.
 * The page's scripts and styles are the console build's, under /app/assets/.
 */
export function servePayPage(fastify: FastifyInstance, directory: string, warn: (message: string) => void): void {
  const file = join(directory, 'pay.html');
  if (!existsSync(file)) {
    warn("The customer's page is not built (npm run build:console): /pay/<token> answers 404");
    return;
  }
  const page = readFileSync(file);
  fastify.get(PAY_PAGE_ROUTE, (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .header('Content-Security-Policy', PAY_PAGE_CONTENT_SECURITY_POLICY)
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Frame-Options', 'DENY')
      .send(page),
  );
}
