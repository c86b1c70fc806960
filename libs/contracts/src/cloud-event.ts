import { COLLECTION_STREAM_PREFIX, customerIdOf, toCollectionEvent } from '@collections/domain';
import { JsonSchema } from './json-schema';
import {
  PUBLISHED_EVENTS,
  PUBLISHED_EVENT_TYPES,
  PublishedData,
  PublishedEventType,
  PublishedVersion,
  isPublishedEvent,
  publishedDataOf,
} from './published-events';
import type { CollectionEventMetadata } from '@collections/event-processor';
import type { RecordedEvent } from '@collections/event-store';

/** Reverse-DNS prefix of every published event type: `io.collections.PromiseBroken.v1`. */
export const CLOUD_EVENT_TYPE_PREFIX = 'io.collections';

/** Who publishes, unless the caller names a deployment: a CloudEvents `source` (URI-reference). */
export const DEFAULT_SOURCE = '/collections';

export type CloudEventTypeOf<Type extends PublishedEventType> = `${typeof CLOUD_EVENT_TYPE_PREFIX}.${Type}.v${PublishedVersion<Type>}`;

/** The id (`$id`, and each envelope's `dataschema`) of an event type's published JSON Schema. */
export type DataSchemaOf<Type extends PublishedEventType> = `urn:collections:schema:${Type}:v${PublishedVersion<Type>}`;

export const cloudEventTypeOf = <Type extends PublishedEventType>(type: Type): CloudEventTypeOf<Type> =>
  `${CLOUD_EVENT_TYPE_PREFIX}.${type}.v${PUBLISHED_EVENTS[type].version}` as CloudEventTypeOf<Type>;

export const dataSchemaOf = <Type extends PublishedEventType>(type: Type): DataSchemaOf<Type> =>
  `urn:collections:schema:${type}:v${PUBLISHED_EVENTS[type].version}` as DataSchemaOf<Type>;

/** A published JSON Schema document: the event type's data schema with its id and dialect. */
export interface PublishedSchema extends JsonSchema {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  $id: string;
}

export function publishedSchemaOf(type: PublishedEventType): PublishedSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: dataSchemaOf(type),
    title: cloudEventTypeOf(type),
    ...PUBLISHED_EVENTS[type].schema,
  };
}

/** Every published schema, keyed by CloudEvents type. */
export const publishedSchemas = (): Record<string, PublishedSchema> =>
  Object.fromEntries(PUBLISHED_EVENT_TYPES.map((type) => [cloudEventTypeOf(type), publishedSchemaOf(type)]));

/**
 * A collection event as other services receive it: CloudEvents 1.0, structured JSON mode.
 * Extension attributes (lower-case, as CloudEvents requires):
 *  - `globalposition`: the event's position in the store's global log, as a decimal string
 *    (CloudEvents integers are 32-bit; EventStoreDB positions are 64-bit). Store it and resume
 *    after it; never compute with it (positions have gaps).
 *  - `streamrevision`: its 0-based revision in the customer's stream.
 *  - `correlationid`, `causationid`: the ids tying it to the request and the command behind it.
 */
export type CloudEventOf<Type extends PublishedEventType> = {
  specversion: '1.0';
  /** The event id: unique, and the same however many times the event is delivered. */
  id: string;
  source: string;
  type: CloudEventTypeOf<Type>;
  /** The customer id. */
  subject: string;
  /** When it was recorded (RFC 3339); the business date is inside `data`. */
  time: string;
  datacontenttype: 'application/json';
  dataschema: DataSchemaOf<Type>;
  globalposition: string;
  streamrevision: number;
  correlationid?: string;
  causationid?: string;
  data: PublishedData<Type>;
};

/** Any published collection event; `type` tells them apart. */
export type CollectionCloudEvent = { [Type in PublishedEventType]: CloudEventOf<Type> }[PublishedEventType];

export interface CloudEventOptions {
  /** The CloudEvents `source`; defaults to DEFAULT_SOURCE. */
  source?: string;
}

/** The metadata fields the envelope carries, read defensively: a stored event is whatever the store holds. */
type PublishedMetadata = { [Field in keyof Pick<CollectionEventMetadata, 'recordedAt' | 'correlationId' | 'causationId'>]?: unknown };

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * The CloudEvents envelope of a stored event, its data upcast to the current shape and then
 * reduced to the published form. Undefined for anything that is not an event of a customer's
 * account (another stream, unidentified cash, or a type this release does not know), which
 * subscribers skip.
 */
export function toCloudEvent(stored: RecordedEvent, options: CloudEventOptions = {}): CollectionCloudEvent | undefined {
  if (!stored.streamId.startsWith(COLLECTION_STREAM_PREFIX)) return undefined;
  const event = toCollectionEvent(stored);
  // Unidentified cash has streams of its own; checked by type too, so that no stream can carry it out.
  if (!event || !isPublishedEvent(event)) return undefined;
  const metadata = (stored.metadata ?? {}) as PublishedMetadata;
  const correlationId = textOf(metadata.correlationId);
  const causationId = textOf(metadata.causationId);
  const envelope: CloudEventOf<PublishedEventType> = {
    specversion: '1.0',
    id: stored.id,
    source: options.source ?? DEFAULT_SOURCE,
    type: cloudEventTypeOf(event.type),
    subject: customerIdOf(stored.streamId),
    time: textOf(metadata.recordedAt) ?? stored.createdAt,
    datacontenttype: 'application/json',
    dataschema: dataSchemaOf(event.type),
    globalposition: String(stored.position),
    streamrevision: stored.revision,
    ...(correlationId === undefined ? {} : { correlationid: correlationId }),
    ...(causationId === undefined ? {} : { causationid: causationId }),
    data: publishedDataOf(event),
  };
  return envelope as CollectionCloudEvent;
}
