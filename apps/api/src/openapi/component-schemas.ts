import { ApiSchema, ApiSchemaOptions } from '@nestjs/swagger';

/** JSON Schema as OpenAPI 3.1 reads it: SchemaObject's typing plus the keywords it leaves out. */
export type JsonSchemaObject = Record<string, unknown>;

/**
 * @ApiSchema's options reach the component schema as they are (the schema factory spreads them
 * over what it read from the class's properties), though their type names only `name` and
 * `description`: the one way to set a class's schema keywords, hence the cast.
 */
const withSchemaKeywords = (keywords: JsonSchemaObject): ClassDecorator => ApiSchema(keywords as ApiSchemaOptions);

/**
 * A request body, or an object inside one, whose unknown fields the ValidationPipe refuses
 * (forbidNonWhitelisted: a 400 naming the field), so the schema is closed as well.
 */
export const ClosedBody = (): ClassDecorator => withSchemaKeywords({ additionalProperties: false });

/**
 * A component schema given as JSON Schema, for a shape the code already holds as one (the
 * collection policy's document): the class only names it, and declares no properties of its own.
 */
export const ComponentSchema = (name: string, schema: JsonSchemaObject): ClassDecorator => {
  // A schema document's own dialect and id do not belong inside the OpenAPI document.
  const { $schema: _dialect, $id: _id, ...keywords } = schema;
  return withSchemaKeywords({ name, ...keywords });
};
