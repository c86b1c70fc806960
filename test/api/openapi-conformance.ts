import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';

/** The parts of an OpenAPI document that say what an operation answers. */
interface MediaTypeObject {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: object;
}

/** One answer a client received: the operation (`GET /customers/{customerId}/state`), its status, media type and body. */
export interface Exchange {
  operation: string;
  status: number;
  mediaType: string;
  body: unknown;
}

/** Why an answer is not what the document says the operation answers. */
export interface Mismatch {
  operation: string;
  status: number;
  problem: string;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/**
 * Holds a document and every answer the clients it is attached to received, and checks each one
 * against the response the document declares for that operation and status: the status is
 * declared, the media type too, and the body validates against its schema (JSON Schema 2020-12,
 * which reads OpenAPI 3.0's schema objects as they mean and is 3.1's own dialect), references
 * resolved within the document.
 */
export class OpenApiConformance {
  readonly exchanges: Exchange[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<object, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // `#/components/...` in the document's schemas resolve against this one schema.
    this.ajv.addSchema({ $id: 'openapi', components: document.components ?? {} });
  }

  /** openapi-fetch middleware: records each answer (from a copy, so the client still reads the body). */
  readonly recorder: Middleware = {
    onResponse: async ({ request, schemaPath, response }) => {
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
      const text = await response.clone().text();
      const body = text === '' ? undefined : isJson(mediaType) ? JSON.parse(text) : text;
      this.exchanges.push({ operation: `${request.method} ${schemaPath}`, status: response.status, mediaType, body });
    },
  };

  /** The operations of the document, `METHOD /path`. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  /** Every recorded answer that the document does not describe, and why. */
  mismatches(): Mismatch[] {
    return this.exchanges.flatMap((exchange) => {
      const problem = this.problemWith(exchange);
      return problem === undefined ? [] : [{ operation: exchange.operation, status: exchange.status, problem }];
    });
  }

  private problemWith({ operation, status, mediaType, body }: Exchange): string | undefined {
    const [method, path] = operation.split(' ');
    const responses = this.document.paths[path]?.[method.toLowerCase()]?.responses;
    if (responses === undefined) return 'the document has no such operation';
    const declared = responses[String(status)] ?? responses.default;
    if (declared === undefined) return `the document declares no ${status} (only ${Object.keys(responses).join(', ')})`;
    if (declared.content === undefined) return body === undefined ? undefined : 'the document declares no body, yet one came';
    const media = declared.content[mediaType];
    if (media === undefined) return `${mediaType || 'no media type'} is not one of ${Object.keys(declared.content).join(', ')}`;
    if (media.schema === undefined) return undefined;
    const validate = this.validatorOf(media.schema);
    return validate(body) ? undefined : this.ajv.errorsText(validate.errors, { dataVar: 'body' });
  }

  private validatorOf(schema: object): ValidateFunction {
    let validate = this.validators.get(schema);
    if (validate === undefined) {
      // The schema as written in the document, its `#/…` references made to point into it.
      validate = this.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"openapi#/')));
      this.validators.set(schema, validate);
    }
    return validate;
  }
}
