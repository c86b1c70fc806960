import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';

/**
 * The OpenAPI document as a contract the e2e suites hold the api to: every answer an operation
 * gives must be one the document lists for it (its status and media type), and a JSON answer must
 * validate against the schema the document gives it. The harness checks every response this way;
 * `exercised` records what was checked, so that a suite can tell which operations it covered.
 */

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Templates with fewer parameters win: /feed/schemas before a /feed/{anything}. */
  parameters: number;
  operation: Operation;
}

/** What problemsOf reads of an answer: all a supertest response has, and what a fetch client's answer can be made into. */
export type Answer = Pick<request.Response, 'status' | 'headers' | 'body' | 'text'>;

/** What a route was answered with, once its answer conformed. */
export interface Exercise {
  route: string;
  status: number;
  mediaType: string | undefined;
}

const DOCUMENT_ID = 'urn:collections:openapi';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const mediaTypeOf = (contentType: string | undefined) => contentType?.split(';')[0].trim().toLowerCase();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A JSON pointer's escaping of one reference token. */
const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} (${JSON.stringify(error.params)})`)
    .join('; ');
const excerpt = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined || text.length <= 600 ? text : `${text.slice(0, 600)}…`;
};

export class OpenApiContract {
  /** Every answer that conformed, in the order checked. */
  readonly exercised: Exercise[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The whole document is one schema resource, so that each schema's #/components/… references resolve.
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    this.routes = Object.entries(document.paths)
      .flatMap(([template, methods]) =>
        Object.entries(methods)
          .filter(([method]) => HTTP_METHODS.has(method))
          .map(([method, operation]) => ({
            method: method.toUpperCase(),
            template,
            // Each {parameter} stands for one path segment; the rest is literal.
            pattern: new RegExp(
              `^${template
                .split(/\{[^}]+\}/)
                .map(escapeRegExp)
                .join('[^/]+')}$`,
            ),
            parameters: (template.match(/\{/g) ?? []).length,
            operation,
          })),
      )
      .sort((a, b) => a.parameters - b.parameters);
  }

  /** Every operation of the document, as `METHOD /template`. */
  get operations(): string[] {
    return this.routes.map((route) => `${route.method} ${route.template}`);
  }

  /** The document's route for a request; none for a path or method it does not describe (a 404 of the router). */
  routeOf(method: string, url: string): Route | undefined {
    const path = url.split('?')[0];
    return this.routes.find((route) => route.method === method.toUpperCase() && route.pattern.test(path));
  }

  /**
   * What is wrong with an answer, in words; nothing when it conforms. A request the server
   * accepted (2xx) must also be one the document accepts: its body valid, or absent only where
   * the document says the body is optional.
   */
  problemsOf(method: string, url: string, response: Answer, requestBody?: unknown): string[] {
    const route = this.routeOf(method, url);
    if (route === undefined) return [];
    const name = `${route.method} ${route.template}`;
    const status = String(response.status);
    const responses = route.operation.responses ?? {};
    // An exact status, or its range (4XX), as OpenAPI allows.
    const key = [status, `${status[0]}XX`].find((candidate) => responses[candidate] !== undefined);
    const documented = key === undefined ? undefined : responses[key];
    if (key === undefined || documented === undefined) {
      const listed = Object.keys(responses).join(', ');
      return [
        `${name} answered ${status}, which the document does not list (it lists ${listed}): ${excerpt(response.body ?? response.text)}`,
      ];
    }
    const problems: string[] = [];
    const mediaType = mediaTypeOf(response.headers['content-type']);
    const content = documented.content ?? {};
    if (mediaType === undefined) {
      if (Object.keys(content).length > 0)
        problems.push(`${name} answered ${status} without a Content-Type; the document says ${Object.keys(content).join(', ')}`);
    } else if (content[mediaType] === undefined) {
      problems.push(`${name} answered ${status} as ${mediaType}; the document says ${Object.keys(content).join(', ') || 'no content'}`);
    } else if (isJson(mediaType) && content[mediaType].schema !== undefined) {
      const validate = this.validatorAt([
        'paths',
        route.template,
        route.method.toLowerCase(),
        'responses',
        key,
        'content',
        mediaType,
        'schema',
      ]);
      if (!validate(response.body)) {
        problems.push(
          `${name} answered ${status} ${mediaType} that its schema refuses: ${describeErrors(validate.errors)} — body: ${excerpt(response.body)}`,
        );
      }
    }
    if (response.status < 300) problems.push(...this.requestProblemsOf(route, requestBody));
    if (problems.length === 0) this.exercised.push({ route: name, status: response.status, mediaType });
    return problems;
  }

  /** An assertion for supertest's `expect`: the answer conforms, or the test fails naming the route, the status and ajv's errors. */
  conforms(method: string, url: string, requestBody?: unknown): (response: request.Response) => void {
    return (response) => {
      const problems = this.problemsOf(method, url, response, requestBody);
      if (problems.length > 0)
        throw new Error(`The answer to ${method} ${url} does not conform to the OpenAPI document: ${problems.join('\n')}`);
    };
  }

  /** What is wrong with a value as one of the document's component schemas (`HistoryEntry`…); nothing when it validates. */
  componentProblems(name: string, value: unknown): string[] {
    if (this.document.components.schemas[name] === undefined) return [`the document has no schema ${name}`];
    const validate = this.validatorAt(['components', 'schemas', name]);
    return validate(value) ? [] : [`${name}: ${describeErrors(validate.errors)} — ${excerpt(value)}`];
  }

  private requestProblemsOf(route: Route, requestBody: unknown): string[] {
    if (route.operation.requestBody?.content?.['application/json']?.schema === undefined) return [];
    if (requestBody === undefined) {
      return route.operation.requestBody.required === true
        ? [`${route.method} ${route.template} accepted a request without the body the document requires`]
        : [];
    }
    let body = requestBody;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        return [`${route.method} ${route.template} accepted a body that is not JSON`];
      }
    }
    const validate = this.validatorAt([
      'paths',
      route.template,
      route.method.toLowerCase(),
      'requestBody',
      'content',
      'application/json',
      'schema',
    ]);
    return validate(body)
      ? []
      : [
          `${route.method} ${route.template} accepted a body its request schema refuses: ${describeErrors(validate.errors)} — body: ${excerpt(body)}`,
        ];
  }

  private validatorAt(tokens: string[]): ValidateFunction {
    const pointer = `${DOCUMENT_ID}#/${tokens.map(escapeToken).join('/')}`;
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: pointer });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

/** The document the api serves at /docs-json, as a contract: read once per test file (the same code serves the same document). */
let served: Promise<OpenApiContract> | undefined;

export function servedContract(server: Parameters<typeof request>[0], authorization: string): Promise<OpenApiContract> {
  served ??= request(server)
    .get('/docs-json')
    .set('Authorization', authorization)
    .expect(200)
    .then((response) => new OpenApiContract(response.body as OpenApiDocument));
  return served;
}
