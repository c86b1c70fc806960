import { RecordedEvent } from '@collections/event-store';
import { chainEvents } from './chain';
import { verifyRecordedStream } from './recorded-stream-verification';

describe("a stream's chain checked from events already read", () => {
  const streamId = 'collection-C-1';
  const stored = (count: number): RecordedEvent[] =>
    chainEvents(
      Array.from({ length: count }, (_, index) => ({
        id: `e-${index}`,
        type: 'InvoiceRegistered',
        data: { invoiceId: `INV-${index}`, amount: 1_000, currency: 'EUR' },
        metadata: { actor: { id: 'u', role: 'integration' }, recordedAt: '2024-03-01T09:00:00.000Z' },
      })),
      undefined,
    ).events.map((event, revision) => ({ ...event, streamId, revision, position: revision + 1, createdAt: '' }) as RecordedEvent);

  it('given a whole chain, when checked, then it verifies to its head', () => {
    const events = stored(3);

    expect(verifyRecordedStream(streamId, events)).toEqual({
      streamId,
      events: 3,
      lastRevision: 2,
      headHash: events[2].metadata.hash,
      chainedFrom: 0,
      broken: undefined,
    });
  });

  it('given a changed event, when checked, then the check stops at it and names it', () => {
    const events = stored(3);
    events[1] = { ...events[1], data: { ...events[1].data, amount: 1 } };

    expect(verifyRecordedStream(streamId, events)).toMatchObject({
      events: 1,
      lastRevision: 0,
      broken: { revision: 1, reason: 'hash-mismatch' },
    });
  });

  it("given an anchor's head, when the events still hold it, then the stream agrees; when one was lost or changed, then it does not", () => {
    const events = stored(3);
    const anchored = { streamId, revision: 2, hash: events[2].metadata.hash as string };

    expect(verifyRecordedStream(streamId, events, anchored).broken).toBeUndefined();
    expect(verifyRecordedStream(streamId, events.slice(0, 2), anchored).broken).toMatchObject({
      revision: 2,
      reason: 'shorter-than-anchor',
    });
    expect(verifyRecordedStream(streamId, events, { ...anchored, hash: 'f'.repeat(64) }).broken).toMatchObject({
      revision: 2,
      reason: 'anchor-hash-mismatch',
    });
  });
});
