import { CollectionEvent, occurredOn } from '@collections/domain';
import { Actor, StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';

/** Collections by name, documents by id: what a projection produced. */
export type ProjectedCollections = Map<string, Map<string, ReadDocument>>;

/**
 * Runs events through a projection with documents held in plain maps, as the projector would
 * in one batch: for projection unit tests that read as given events → expected documents.
 */
export async function project(
  projection: Projection,
  events: (CollectionEvent | StoredCollectionEvent)[],
  collections: ProjectedCollections = new Map(),
): Promise<ProjectedCollections> {
  const documents: BatchDocuments = {
    get: async <T extends ReadDocument>(collection: string, id: string) =>
      structuredClone(collections.get(collection)?.get(id)) as T | undefined,
    put: (collection, document) => {
      if (!collections.has(collection)) collections.set(collection, new Map());
      collections.get(collection)?.set(document._id, structuredClone(document));
    },
    delete: (collection, id) => collections.get(collection)?.delete(id),
  };
  let position = 0;
  for (const event of events) {
    // Frozen: a projection must not change the event (the store keeps documents that share parts of it).
    position = 'event' in event ? event.position : position + 1;
    const projected = deepFreeze(structuredClone('event' in event ? event : storedEvent(event, { position })));
    if (projection.eventTypes.includes(projected.event.type)) await projection.apply(projected, documents);
  }
  await projection.finish?.(documents);
  return collections;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

/**
 * A stored event for tests: customer C-1, acted by collector-1, at the event's business date,
 * recorded at 2024-06-30T12:00:00.000Z unless `recordedAt` says when.
 */
export function storedEvent(
  event: CollectionEvent,
  {
    actor = { id: 'collector-1', role: 'collector' },
    recordedAt = '2024-06-30T12:00:00.000Z',
    ...overrides
  }: Partial<Pick<StoredCollectionEvent, 'customerId' | 'position' | 'revision'>> & { actor?: Actor; recordedAt?: string } = {},
): StoredCollectionEvent {
  const position = overrides.position ?? 1;
  return {
    event,
    customerId: 'C-1',
    id: `event-${position}`,
    position,
    revision: 0,
    metadata: {
      eventId: `event-${position}`,
      commandId: `command-${position}`,
      correlationId: `command-${position}`,
      causationId: `command-${position}`,
      actor,
      occurredAt: occurredOn(event),
      recordedAt,
      schemaVersion: 1,
    },
    ...overrides,
  };
}

/** The documents of one collection, in id order. */
export function documentsOf(collections: ProjectedCollections, collection: string): ReadDocument[] {
  return [...(collections.get(collection)?.values() ?? [])].sort((a, b) => (a._id < b._id ? -1 : 1));
}
