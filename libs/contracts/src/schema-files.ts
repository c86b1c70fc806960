import { PublishedSchema, cloudEventTypeOf, publishedSchemaOf } from './cloud-event';
import { PUBLISHED_EVENT_TYPES } from './published-events';

/**
 * The published schemas as files (libs/contracts/schemas/<type>.json) for subscribers that do
 * not use TypeScript. Files of earlier versions stay: a published schema is never changed or
 * removed, a changed form is a new version beside it.
 */
export const schemaFiles = (): { fileName: string; schema: PublishedSchema }[] =>
  PUBLISHED_EVENT_TYPES.map((type) => ({ fileName: `${cloudEventTypeOf(type)}.json`, schema: publishedSchemaOf(type) }));

export const schemaFileContent = (schema: PublishedSchema): string => `${JSON.stringify(schema, null, 2)}\n`;
