import { getSchemaPath } from '@nestjs/swagger';
import { PUBLISHED_EVENT_TYPES, cloudEventTypeOf } from '@collections/contracts';
import { ComponentSchema } from '../openapi/component-schemas';

/** What GET /feed/schemas answers: the published JSON Schema of each event type's data, by CloudEvents type. */

/** One published schema: a JSON Schema (draft 2020-12) document, described by the fields every one of them has. */
@ComponentSchema('PublishedSchema', {
  type: 'object',
  description: "A JSON Schema (draft 2020-12) document: the schema of an event type's published `data`",
  required: ['$schema', '$id', 'title', 'type', 'properties'],
  properties: {
    $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
    $id: { type: 'string', pattern: '^urn:collections:schema:[A-Za-z]+:v[0-9]+$', description: "Each envelope's `dataschema`" },
    title: { type: 'string', description: 'The CloudEvents type' },
    type: { const: 'object' },
    properties: { type: 'object' },
  },
})
export class PublishedSchemaDocument {}

/** One field per CloudEvents type the feed publishes (`io.collections.<Type>.v<version>`). */
@ComponentSchema('PublishedSchemas', {
  type: 'object',
  description: "The published schema of every event type of a customer's account, keyed by its CloudEvents type",
  properties: Object.fromEntries(
    PUBLISHED_EVENT_TYPES.map((type) => [cloudEventTypeOf(type), { $ref: getSchemaPath(PublishedSchemaDocument) }]),
  ),
  required: PUBLISHED_EVENT_TYPES.map((type) => cloudEventTypeOf(type)),
})
export class PublishedSchemasDocument {}
