/**
 * JSON Schema (draft 2020-12) written as TypeScript: each builder returns the schema as plain
 * JSON and carries, for the compiler only, the type of the values the schema accepts. The
 * published types are inferred from the schemas (`Infer`), so a schema and its TypeScript type
 * are one definition and cannot drift apart.
 */

declare const accepts: unique symbol;

/** The subset of JSON Schema the contracts use. */
export interface JsonSchema {
  type?: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  title?: string;
  description?: string;
  enum?: readonly string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  additionalProperties?: false;
}

/** A schema whose valid instances are the values of type T. */
export type Schema<T> = JsonSchema & { readonly [accepts]?: T };

/** The TypeScript type a schema describes. */
export type Infer<S> = S extends { readonly [accepts]?: infer T } ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<P extends Record<string, Schema<unknown>>, Optional extends keyof P> = Simplify<
  { [K in Exclude<keyof P, Optional>]: Infer<P[K]> } & { [K in Optional]?: Infer<P[K]> }
>;

interface Annotations {
  description?: string;
}

export const string = (options: Annotations & Pick<JsonSchema, 'pattern' | 'format' | 'minLength'> = {}): Schema<string> => ({
  type: 'string',
  ...options,
});

export const integer = (options: Annotations & Pick<JsonSchema, 'minimum' | 'maximum'> = {}): Schema<number> => ({
  type: 'integer',
  ...options,
});

export const boolean = (options: Annotations = {}): Schema<boolean> => ({ type: 'boolean', ...options });

/** One of a fixed list of strings (an enumeration of the domain). */
export const oneOf = <const Values extends readonly string[]>(values: Values, options: Annotations = {}): Schema<Values[number]> => ({
  type: 'string',
  enum: values,
  ...options,
});

export const arrayOf = <T>(items: Schema<T>, options: Annotations & Pick<JsonSchema, 'minItems'> = {}): Schema<T[]> => ({
  type: 'array',
  items,
  ...options,
});

/**
 * An object with exactly these properties: every one is required unless listed in `optional`,
 * and no other is allowed, so a published event carries what its schema documents and nothing else.
 */
export const object = <P extends Record<string, Schema<unknown>>, Optional extends keyof P & string = never>(
  properties: P,
  options: Annotations & { optional?: readonly Optional[] } = {},
): Schema<ObjectOf<P, Optional>> => {
  const { optional = [], ...annotations } = options;
  return {
    type: 'object',
    ...annotations,
    properties,
    required: Object.keys(properties).filter((name) => !(optional as readonly string[]).includes(name)),
    additionalProperties: false,
  };
};
