import { RecordedEvent } from '@collections/event-store';
import { StreamChainCheck } from './chain-verification';
import { chainEvents, chainHash } from './chain';

const event = (invoiceId: string, metadata: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  type: 'InvoiceRegistered',
  data: { invoiceId, amount: 1_000, currency: 'EUR' },
  metadata: { actor: { id: 'u', role: 'collector' }, recordedAt: '2024-03-01T09:00:00.000Z', ...metadata },
});
const recorded = (events: { id: string; type: string; data: object; metadata: object }[], from = 0): RecordedEvent[] =>
  events.map(
    (e, index) =>
      ({ ...e, streamId: 'collection-C-1', revision: from + index, position: from + index + 1, createdAt: '' }) as RecordedEvent,
  );
const verify = (events: RecordedEvent[]) => {
  const check = new StreamChainCheck('collection-C-1');
  for (const e of events) check.add(e);
  return check.result();
};

describe('the hash chain', () => {
  it('hashes a canonical form: the same content in another key order gives the same hash', () => {
    const a = { id: 'E-1', type: 'T', data: { b: 1, a: [1, { y: 2, x: 1 }] }, metadata: { z: 'z', a: 'a' } };
    const b = { type: 'T', id: 'E-1', data: { a: [1, { x: 1, y: 2 }], b: 1 }, metadata: { a: 'a', z: 'z' } };
    expect(chainHash(a, null)).toBe(chainHash(b, null));
    expect(chainHash(a, null)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('covers the id, the type, the data, the metadata and the previous hash, but not the hash itself', () => {
    const base = { id: 'E-1', type: 'T', data: { amount: 1 }, metadata: { actor: 'a' } };
    const hash = chainHash(base, null);
    expect(chainHash({ ...base, id: 'E-2' }, null)).not.toBe(hash);
    expect(chainHash({ ...base, type: 'U' }, null)).not.toBe(hash);
    expect(chainHash({ ...base, data: { amount: 2 } }, null)).not.toBe(hash);
    expect(chainHash({ ...base, metadata: { actor: 'b' } }, null)).not.toBe(hash);
    expect(chainHash(base, 'f'.repeat(64))).not.toBe(hash);
    expect(chainHash({ ...base, metadata: { actor: 'a', hash: 'anything' } }, null)).toBe(hash);
  });

  it('given a batch, when chained after a stream head, then each event links to the one before it', () => {
    const head = 'a'.repeat(64);
    const { events, lastHash } = chainEvents([event('INV-1'), event('INV-2')], head);
    expect(events[0].metadata.hash).toBe(chainHash(events[0], head));
    expect(events[1].metadata.hash).toBe(chainHash(events[1], events[0].metadata.hash as string));
    expect(lastHash).toBe(events[1].metadata.hash);
  });

  it('given a chained stream, when verified, then it is whole and chained from revision 0', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2'), event('INV-3')], undefined);
    expect(verify(recorded(events))).toMatchObject({ events: 3, lastRevision: 2, chainedFrom: 0, broken: undefined });
  });

  it('given a stream recorded before the chain, when events are chained after it, then the chain starts at the first of them', () => {
    const legacy = [event('INV-1'), event('INV-2')];
    const { events } = chainEvents([event('INV-3')], undefined);
    expect(verify(recorded([...legacy, ...events]))).toMatchObject({ events: 3, chainedFrom: 2, broken: undefined });
    expect(verify(recorded(legacy))).toMatchObject({ events: 2, chainedFrom: undefined, broken: undefined });
  });

  it('given one event changed, when verified, then that event is named', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2'), event('INV-3')], undefined);
    events[1] = { ...events[1], data: { ...events[1].data, amount: 1 } };
    expect(verify(recorded(events)).broken).toMatchObject({ revision: 1, reason: 'hash-mismatch' });
  });

  it('given two events swapped, when verified, then the first of them is named', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2'), event('INV-3')], undefined);
    expect(verify(recorded([events[0], events[2], events[1]])).broken).toMatchObject({ revision: 1, reason: 'hash-mismatch' });
  });

  it('given a chained event whose hash was removed, when verified, then it is named', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2')], undefined);
    const { hash: _removed, ...bare } = events[1].metadata;
    expect(verify(recorded([events[0], { ...events[1], metadata: bare }])).broken).toMatchObject({ revision: 1, reason: 'hash-missing' });
  });

  it('given a revision missing in the middle, when verified, then the gap is named', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2'), event('INV-3')], undefined);
    const stored = recorded(events);
    expect(verify([stored[0], stored[2]]).broken).toMatchObject({ revision: 1, reason: 'revision-out-of-order' });
  });

  it('given an anchored head, when the stream lost its newest event, then it is shorter than the anchor', () => {
    const { events } = chainEvents([event('INV-1'), event('INV-2')], undefined);
    const stored = recorded(events);
    const check = new StreamChainCheck('collection-C-1', 1);
    check.add(stored[0]);
    check.checkAnchoredHead(1, events[1].metadata.hash as string);
    expect(check.result().broken).toMatchObject({ revision: 1, reason: 'shorter-than-anchor' });
  });
});
