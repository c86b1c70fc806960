import fc from 'fast-check';
import { CloudEvent } from 'cloudevents';
import { CollectionEvent, schemaVersionOf, unidentifiedCashStreamIdOf } from '@collections/domain';
import { paymentPlanAgreed, promiseBroken } from '@collections/domain/testing/decider-specification';
import type { JsonObject, RecordedEvent } from '@collections/event-store';
import { toCloudEvent } from './cloud-event';
import { anyPublishedEvent, anyUnidentifiedCashEvent } from './testing/event-arbitraries';
import { publishedEventValidator } from './testing/published-event-validator';

/** An event as the write side stores it. */
function stored(event: { type: string; data: object }, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: '0b6c3b8e-5f0e-5d7c-9a51-3c2f1a0e7d11',
    streamId: 'collection-ACME-1',
    revision: 11,
    position: 4_242,
    type: event.type,
    data: event.data as JsonObject,
    metadata: {
      eventId: '0b6c3b8e-5f0e-5d7c-9a51-3c2f1a0e7d11',
      commandId: 'c0ffee00-0000-5000-8000-000000000001',
      correlationId: 'c0ffee00-0000-5000-8000-000000000002',
      causationId: 'c0ffee00-0000-5000-8000-000000000001',
      actor: { id: 'collector-1', role: 'collector' },
      occurredAt: '2024-02-29',
      recordedAt: '2024-03-01T09:30:00.120Z',
      schemaVersion: schemaVersionOf(event.type as CollectionEvent['type']),
    },
    createdAt: '2024-03-01T09:30:00.125Z',
    ...overrides,
  };
}

describe('the CloudEvents envelope', () => {
  const validator = publishedEventValidator();

  it('maps a stored event to a CloudEvents 1.0 envelope with its position, revision and ids', () => {
    expect(toCloudEvent(stored(promiseBroken()))).toEqual({
      specversion: '1.0',
      id: '0b6c3b8e-5f0e-5d7c-9a51-3c2f1a0e7d11',
      source: '/collections',
      type: 'io.collections.PromiseBroken.v1',
      subject: 'ACME-1',
      time: '2024-03-01T09:30:00.120Z',
      datacontenttype: 'application/json',
      dataschema: 'urn:collections:schema:PromiseBroken:v1',
      globalposition: '4242',
      streamrevision: 11,
      correlationid: 'c0ffee00-0000-5000-8000-000000000002',
      causationid: 'c0ffee00-0000-5000-8000-000000000001',
      data: { promiseId: 'PR-1', brokenOn: '2024-02-29', amountPaid: 0, shortfall: 10_000, currency: 'EUR' },
    });
    expect(toCloudEvent(stored(promiseBroken()), { source: 'urn:collections:eu-west' })?.source).toBe('urn:collections:eu-west');
  });

  it('gives envelopes of any event that the CloudEvents SDK and the published schema accept, also after a JSON round trip', () => {
    fc.assert(
      fc.property(anyPublishedEvent, fc.nat(), fc.maxSafeNat(), (event, revision, position) => {
        const envelope = toCloudEvent(stored(event, { revision, position }));
        expect(validator.problemsOf(envelope)).toEqual([]);
        expect(validator.problemsOf(JSON.parse(JSON.stringify(envelope)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is checked by a validator that catches what a subscriber would refuse', () => {
    const envelope = toCloudEvent(stored(promiseBroken())) as Record<string, unknown>;
    const { source: _, ...withoutSource } = envelope;
    expect(validator.problemsOf(withoutSource)).not.toEqual([]);
    expect(validator.problemsOf({ ...envelope, streamRevision: 11 })).not.toEqual([]);
    expect(validator.problemsOf({ ...envelope, data: { ...(envelope.data as object), notes: 'x' } })).not.toEqual([]);
    expect(validator.problemsOf({ ...envelope, dataschema: 'urn:collections:schema:PromiseBroken:v9' })).not.toEqual([]);
  });

  it('survives the SDK unchanged, extensions included', () => {
    const envelope = toCloudEvent(stored(promiseBroken()));
    const sdkEvent = new CloudEvent(JSON.parse(JSON.stringify(envelope)));
    expect(JSON.parse(sdkEvent.toString())).toEqual(envelope);
  });

  it('falls back to the store time, and leaves out ids the metadata lacks', () => {
    const envelope = toCloudEvent(stored(promiseBroken(), { metadata: { schemaVersion: 1 } }));
    expect(envelope?.time).toBe('2024-03-01T09:30:00.125Z');
    expect(envelope).not.toHaveProperty('correlationid');
    expect(envelope).not.toHaveProperty('causationid');
    expect(validator.problemsOf(envelope)).toEqual([]);
  });

  it('publishes an event stored in an older shape in the current published form', () => {
    // given a payment plan stored by release 1, with one `guarantor`
    const { guarantors: _, ...v1Data } = paymentPlanAgreed().data;
    const v1 = stored({ type: 'PaymentPlanAgreed', data: { ...v1Data, guarantor: 'J. Doe' } }, { metadata: { schemaVersion: 1 } });
    // when it is published
    const envelope = toCloudEvent(v1);
    // then it reads as the current version would, and carries no name
    expect(envelope?.type).toBe('io.collections.PaymentPlanAgreed.v1');
    expect(envelope?.data).toMatchObject({ guarantorCount: 1 });
    expect(JSON.stringify(envelope)).not.toContain('J. Doe');
    expect(validator.problemsOf(envelope)).toEqual([]);
  });

  it('publishes nothing of other streams or of event types this release does not know', () => {
    expect(toCloudEvent(stored(promiseBroken(), { streamId: 'billing-ACME-1' }))).toBeUndefined();
    expect(toCloudEvent(stored({ type: 'InvoiceTeleported', data: {} }))).toBeUndefined();
  });

  it("publishes nothing of unidentified cash, in its own stream or (wrongly) in a customer's", () => {
    fc.assert(
      fc.property(anyUnidentifiedCashEvent, (event) => {
        const streamId = unidentifiedCashStreamIdOf(event.data.paymentId);
        expect(toCloudEvent(stored(event, { streamId }))).toBeUndefined();
        expect(toCloudEvent(stored(event))).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});
