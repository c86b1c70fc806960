import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ID_MAX_LENGTH, ID_PATTERN } from '../../apps/api/src/accounts/validation';
import { TestApi, startApi } from './harness';

const ROOT = join(__dirname, '..', '..');

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
}
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  required?: string[];
  additionalProperties?: boolean | Schema;
  pattern?: string;
  maxLength?: number;
  maximum?: number;
};
type Content = Record<string, { schema?: Schema }>;
type Operation = {
  parameters?: (Parameter & { schema?: Schema })[];
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { description?: string; content?: Content; headers?: Record<string, unknown> }>;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/**
 * The OpenAPI document (/docs-json) names the parameters the server reads: a client generated
 * from it must send every path parameter, and need not send an optional query parameter.
 */
describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: Document;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, path, operation })),
    );
  const queryParameters = (route: string) =>
    operations()
      .find((operation) => operation.route === route)
      ?.operation.parameters?.filter((parameter) => parameter.in === 'query');

  /** Every object schema a request body's schema holds, by the path to it: itself, its properties', its items', what it refers to. */
  const objectSchemasOf = (schema: Schema, at: string, seen = new Set<string>()): { at: string; schema: Schema }[] => {
    if (schema.$ref !== undefined) {
      if (seen.has(schema.$ref)) return [];
      seen.add(schema.$ref);
      return objectSchemasOf(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')], schema.$ref, seen);
    }
    const nested = [
      ...Object.entries(schema.properties ?? {}).map(([name, property]) => objectSchemasOf(property, `${at}/${name}`, seen)),
      schema.items === undefined ? [] : objectSchemasOf(schema.items, `${at}/items`, seen),
      (schema.allOf ?? []).flatMap((member) => objectSchemasOf(member, at, seen)),
    ].flat();
    return schema.type === 'object' ? [{ at, schema }, ...nested] : nested;
  };

  /** A validator of one of the document's component schemas, its references resolved within the document. */
  const validatorOf = (name: string) => {
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ $id: 'openapi', components: document.components });
    return ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
  };

  beforeAll(async () => {
    api = await startApi();
    document = (await api.as('admin').get('/docs-json').expect(200)).body;
  });
  afterAll(() => api.close());

  it('given every operation, then each parameter of its path template is declared as a required path parameter, and no other', () => {
    const mismatches = operations().flatMap(({ route, path, operation }) => {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      const names = declared.map((parameter) => parameter.name).sort();
      const optional = declared.filter((parameter) => parameter.required !== true).map((parameter) => parameter.name);
      return JSON.stringify(templated) === JSON.stringify(names) && optional.length === 0 ? [] : [{ route, templated, names, optional }];
    });

    expect(operations().length).toBeGreaterThanOrEqual(40);
    expect(mismatches).toEqual([]);
  });

  it('given the query parameters the server treats as optional, then none of them is marked required', () => {
    const optional: Record<string, string[]> = {
      'GET /customers/{customerId}/state': ['asOf'],
      'GET /customers/{customerId}/history': ['fromRevision', 'maxCount'],
      'GET /customers/{customerId}/history/export': ['format'],
      'GET /worklists/{collectorId}': ['state', 'segment', 'currency', 'page', 'pageSize'],
      'GET /aging': ['asOf', 'groupBy', 'page', 'pageSize'],
      'GET /audit-trails/{customerId}': ['invoiceId', 'from', 'to'],
      'GET /kpis': ['collectorId'],
      'GET /reports/dispute-causes': ['period'],
      'GET /replies': ['status', 'collectorId', 'customerId', 'kind', 'limit', 'cursor'],
      'GET /disputes': ['status', 'ownerTeam', 'ownerId', 'pastTarget', 'asOf', 'limit', 'cursor'],
    };
    for (const [route, names] of Object.entries(optional)) {
      const declared = queryParameters(route) ?? [];
      expect({ route, declared: names.map((name) => declared.find((parameter) => parameter.name === name)?.required) }).toEqual({
        route,
        declared: names.map(() => false),
      });
    }
  });

  it('given every request body, then it and every object in it is closed (additionalProperties: false, or a map with a value schema), as validation refuses an unknown field', () => {
    const bodies = operations().flatMap(({ route, operation }) => {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      return schema === undefined ? [] : [{ route, schema }];
    });
    const open = bodies.flatMap(({ route, schema }) =>
      objectSchemasOf(schema, route)
        .filter(({ schema: object }) => object.additionalProperties === undefined || object.additionalProperties === true)
        .map(({ at }) => at),
    );

    expect(bodies.length).toBeGreaterThanOrEqual(29);
    expect([...new Set(open)]).toEqual([]);
  });

  it('given every id in a path or a body, then it has the pattern and the length validation holds it to', () => {
    const ids = operations().flatMap(({ route, operation }) => [
      ...(operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'path' && /Id$/.test(parameter.name))
        .map((parameter) => ({ at: `${route} ${parameter.name}`, schema: parameter.schema ?? {} })),
      ...objectSchemasOf(operation.requestBody?.content?.['application/json']?.schema ?? {}, route).flatMap(({ at, schema }) =>
        Object.entries(schema.properties ?? {})
          .filter(([name]) => /Ids?$/.test(name))
          .map(([name, property]) => ({ at: `${at} ${name}`, schema: property.items ?? property })),
      ),
    ]);
    const loose = ids
      .filter(({ schema }) => schema.pattern !== ID_PATTERN.source || schema.maxLength !== ID_MAX_LENGTH)
      .map(({ at }) => at);

    expect(ids.length).toBeGreaterThan(70);
    expect(loose).toEqual([]);
  });

  it('given every integer of a request body, then it has a maximum, at most 2^53 − 1, as validation refuses what JSON cannot carry exactly', () => {
    const integers = operations().flatMap(({ route, operation }) =>
      objectSchemasOf(operation.requestBody?.content?.['application/json']?.schema ?? {}, route).flatMap(({ at, schema }) =>
        Object.entries(schema.properties ?? {})
          .filter(([, property]) => property.type === 'integer')
          .map(([name, property]) => ({ at: `${at} ${name}`, maximum: property.maximum })),
      ),
    );
    const unbounded = integers.filter(({ maximum }) => maximum === undefined || maximum > Number.MAX_SAFE_INTEGER);

    expect(integers.length).toBeGreaterThan(10);
    expect(unbounded).toEqual([]);
  });

  it('given every read, then its 2xx answer has a schema for each media type (JSON from a response class, text as a string)', () => {
    const reads = operations().filter(({ route }) => route.startsWith('GET '));
    const answers = reads.map(({ route, operation }) => ({
      route,
      content: Object.entries(operation.responses?.['200']?.content ?? {}).map(([mediaType, { schema }]) => ({
        mediaType,
        described: mediaType === 'application/json' ? schema?.$ref !== undefined || schema?.oneOf !== undefined : schema?.type === 'string',
      })),
    }));

    expect(reads.length).toBeGreaterThanOrEqual(17);
    expect(answers.filter(({ content }) => content.length === 0 || content.some(({ described }) => !described))).toEqual([]);
  });

  it('given every command, then its body is optional exactly when none of its fields is required', () => {
    // JSON bodies: a bank statement is a file (XML or CSV), always required.
    const commands = operations()
      .filter(({ operation }) => operation.requestBody?.content?.['application/json'] !== undefined)
      .map(({ route, operation }) => {
        const [schema] = objectSchemasOf(operation.requestBody?.content?.['application/json']?.schema ?? {}, route);
        return { route, required: operation.requestBody?.required === true, fields: (schema?.schema.required ?? []).length };
      });

    expect(commands.filter(({ required }) => !required).length).toBeGreaterThanOrEqual(5);
    expect(commands.filter(({ required, fields }) => required !== fields > 0)).toEqual([]);
  });

  it('given every error response of every operation, then it is problem+json with the one shared Problem schema', () => {
    const errors = operations().flatMap(({ route, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => status.startsWith('4'))
        .map(([status, response]) => ({ route, status, schema: response.content?.['application/problem+json']?.schema?.$ref })),
    );

    expect(errors.length).toBeGreaterThan(100);
    expect(errors.filter((error) => error.schema !== '#/components/schemas/Problem')).toEqual([]);
  });

  it('given every operation, then it documents the 503 a stopping api answers, as problem+json with Retry-After, and the readiness probe its own 503 beside it', () => {
    const refusals = operations().map(({ route, operation }) => {
      const response = operation.responses?.['503'];
      return {
        route,
        problem: response?.content?.['application/problem+json']?.schema?.$ref,
        retryAfter: response?.headers?.['Retry-After'] !== undefined,
      };
    });
    expect(refusals.length).toBeGreaterThan(50);
    expect(refusals.filter(({ problem, retryAfter }) => problem !== '#/components/schemas/Problem' || !retryAfter)).toEqual([]);
    expect(document.paths['/health/ready'].get.responses?.['503']?.description).toMatch(/^Not ready: .*; or: The service is shutting down/);
  });

  it('given every command operation, then its 201 and its replay (200) answer the CommandRecorded schema, and a recorded command answers it', async () => {
    const commands = operations().filter(({ route }) => route.startsWith('POST /customers/'));
    const bodies = commands.map(({ route, operation }) => ({
      route,
      created: operation.responses?.['201']?.content?.['application/json']?.schema?.$ref,
      replayed: operation.responses?.['200']?.content?.['application/json']?.schema?.$ref,
    }));
    expect(commands.length).toBeGreaterThanOrEqual(28);
    expect(bodies.filter((body) => body.created !== '#/components/schemas/CommandRecorded' || body.replayed !== body.created)).toEqual([]);

    const invoice = { invoiceId: 'INV-1', amount: 10_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
    const { body } = await api.as('integration').post('/customers/OA-1/invoices', invoice).expect(201);
    expect(validatorOf('CommandRecorded')(body)).toBe(true);
  });

  it("given GET /me, then its 200 answers the Identity schema, and a collector's answer validates against it", async () => {
    const operation = operations().find(({ route }) => route === 'GET /me')?.operation;
    expect(operation?.responses?.['200']?.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/Identity');

    const { body } = await api.as('collector').get('/me').expect(200);
    const validate = validatorOf('Identity');
    expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(validate({ ...body, role: 'emperor' })).toBe(false);
  });

  it('given the served document, then Redocly lint with the recommended rules (redocly.yaml) finds no error', () => {
    const file = join(api.dataDir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));

    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
      { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    const warnings = report.problems.filter((problem) => problem.severity === 'warn').map((problem) => problem.ruleId);
    if (warnings.length > 0) console.log(`Redocly lint: ${warnings.length} warnings (${[...new Set(warnings)].join(', ')})`);

    expect(report.problems.filter((problem) => problem.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });
});
