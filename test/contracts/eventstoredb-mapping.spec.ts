import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { streamIdOf } from '@collections/domain';
import { contactLogged, paymentPlanAgreed } from '@collections/domain/testing/decider-specification';
import { toCloudEvent } from '@collections/contracts';
import { RecordedEvent, SqliteEventStore } from '@collections/event-store';
import { toStoredEvent } from '../../examples/eventstoredb-consumer/to-stored-event';
import { asStored } from '../fixtures/stored-events';

/** The same stored event as EventStoreDB's client returns it (JSON data, bigint revision and positions). */
function asEventStoreDbReturnsIt(event: RecordedEvent): EsdbRecordedEvent {
  return {
    streamId: event.streamId,
    id: event.id,
    isJson: true,
    revision: BigInt(event.revision),
    type: event.type,
    created: new Date(event.createdAt),
    data: event.data,
    metadata: event.metadata,
    position: { commit: BigInt(event.position), prepare: BigInt(event.position) },
  };
}

describe('the example EventStoreDB consumer', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'esdb-mapping-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps an EventStoreDB event to the very envelope the embedded feed sends for it', async () => {
    // given events stored the way the api stores them, one of them by an earlier release
    const { guarantors: _, ...v1Plan } = paymentPlanAgreed().data;
    await store.appendToStream(
      streamIdOf('ACME-1'),
      [
        asStored(contactLogged({ notes: 'Sounded evasive' })),
        asStored({ type: 'PaymentPlanAgreed', data: { ...v1Plan, guarantor: 'J. Doe' } }, { schemaVersion: 1 }),
      ],
      { expectedRevision: 'no_stream' },
    );
    // when each is read back as EventStoreDB would return it and mapped by the example
    for (const recorded of await store.readAll()) {
      const mapped = toStoredEvent(asEventStoreDbReturnsIt(recorded));
      // then it publishes exactly what the embedded feed publishes
      expect(mapped && toCloudEvent(mapped)).toEqual(toCloudEvent(recorded));
      expect(toCloudEvent(recorded)).toBeDefined();
    }
  });

  it('skips binary events and events read without a position', () => {
    const json = asEventStoreDbReturnsIt({
      id: '3f1c0d2e-0000-4000-8000-000000000001',
      streamId: 'collection-ACME-1',
      revision: 0,
      position: 7,
      type: 'CollectorAssigned',
      data: { collectorId: 'alice', assignedOn: '2024-02-10' },
      metadata: {},
      createdAt: '2024-02-10T08:00:00.000Z',
    });
    expect(toStoredEvent({ ...json, position: undefined })).toBeUndefined();
    expect(toStoredEvent({ ...json, isJson: false, data: new Uint8Array([1, 2]) } as EsdbRecordedEvent)).toBeUndefined();
    expect(toStoredEvent(json)).toMatchObject({ position: 7, revision: 0 });
  });
});
