import { FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX } from '@collections/metrics';

const REQUEST_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * HTTP requests by route and status, and their duration by route. The route is Fastify's pattern
 * (`/customers/:customerId/invoices`), never the URL, so customer ids neither become labels nor
 * grow the series; what no route matched (unknown paths, refused before routing) is `unmatched`.
 */
export function httpMetricsHook(registry: Registry): onResponseHookHandler {
  const requests = new Counter({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by method and route pattern (a feed stream counts until it ends)',
    labelNames: ['method', 'route'],
    buckets: REQUEST_SECONDS,
    registers: [registry],
  });
  return function recordRequest(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  };
}
