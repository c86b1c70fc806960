import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { toRequestValidationError } from './accounts/validation';
import { AppModule, AppOptions } from './app.module';
import { REQUEST_LOG, RequestLog } from './config/request-log';
import { ApiKeyRegistry } from './auth/api-keys';
import { requireApiKey } from './auth/authenticate';
import { consoleDirectory, serveConsole } from './console/serve-console';
import { NestLog } from './config/nest-log';
import { BODY_LIMIT_BYTES, readRequestBodies } from './http/request-body';
import { cacheValidationMetadata } from './http/validation-metadata-cache';
import { documentRateLimits, limitRequestRates } from './http/rate-limits';
import openApiMetadata from './metadata';
import { METRICS_REGISTRY } from '@collections/metrics';
import { httpMetricsHook } from './metrics/http-metrics';
import { HttpDrain, documentShutdownRefusal } from './http/http-drain';
import { MAX_TOKEN_LENGTH } from '@collections/customer-links';

/**
 * Builds the HTTP application on Fastify, initialised and ready: `main` listens on it, tests
 * drive it with supertest. It installs no signal handlers: `main` owns the process's shutdown
 * (apps/api/src/shutdown.ts), tests call `app.close()`.
 */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    // Requests are logged by REQUEST_LOG, not by Fastify's logger.
    // A customer link's token is a path parameter (/pay/<token>/…), longer than Fastify's default of 100.
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false, routerOptions: { maxParamLength: MAX_TOKEN_LENGTH } }),
    {
      bodyParser: false,
      bufferLogs: true,
      // Start-up errors are thrown to the caller (main reports them), not turned into process.exit.
      abortOnError: false,
    },
  );
  const requestLog = app.get<RequestLog>(REQUEST_LOG);
  app.useLogger(new NestLog(requestLog.logger));
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that a request arriving during a shutdown is counted and refused whatever it is.
  app.get(HttpDrain).attach(fastify);
  // Every request is logged as it completes (refusals included), and authenticated before its
  // body is read and before any handler, Nest's or Swagger's: only PUBLIC_ROUTES answer without a key.
  fastify.addHook('onResponse', (request, reply, done) => {
    requestLog.completed(request, reply);
    done();
  });
  fastify.addHook('onResponse', httpMetricsHook(app.get(METRICS_REGISTRY)));
  // Declared up front, as Fastify asks, so every request object has the same shape.
  fastify.decorateRequest('actor', null);
  fastify.addHook('onRequest', requireApiKey(app.get(ApiKeyRegistry)));
  // Before any route is added (Nest's, Swagger's), so that each gets the limiter's hook.
  await limitRequestRates(app, options.config.rateLimits);
  readRequestBodies(fastify);
  cacheValidationMetadata();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      // "100" is not a number: JSON types are checked as sent.
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: toRequestValidationError,
    }),
  );
  await SwaggerModule.loadPluginMetadata(openApiMetadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Collections')
      .setDescription(
        'Event-sourced accounts-receivable collections. Amounts are integer minor units with an ISO 4217 currency; dates are YYYY-MM-DD business dates. Errors are RFC 9457 problem details.',
      )
      // 3.1: its schemas are JSON Schema 2020-12 (null is a type, const and propertyNames are keywords).
      .setOpenAPIVersion('3.1.0')
      .setVersion('1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      // Relative: the document describes the service that serves it, wherever that is.
      .addServer('/', 'This service')
      // Keys are opaque API keys, not JWTs (the builder would otherwise claim bearerFormat JWT).
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: undefined, description: 'An API key (API_KEYS)' })
      // Every operation needs a key; GET /health says otherwise for itself.
      .addSecurityRequirements('bearer')
      .build(),
  );
  documentRateLimits(document);
  documentShutdownRefusal(document);
  // Behind the API key like everything else (requireApiKey above): any role may read it.
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  serveConsole(fastify, consoleDirectory(), (message) => requestLog.logger.warn(message));
  await app.init();
  await fastify.ready();
  return app;
}
