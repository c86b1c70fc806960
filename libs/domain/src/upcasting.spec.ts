import { COLLECTION_EVENT_TYPES, CollectionEvent } from './events';
import { StoredEventShape, toCollectionEvent } from './streams';
import { fold, invoiceRegistered, paymentPlanAgreed } from './testing/decider-specification';
import { CURRENT_SCHEMA_VERSIONS, UPCASTERS, UnknownSchemaVersionError, schemaVersionOf } from './upcasting';

/** PaymentPlanAgreed as release 1 stored it: at most one `guarantor`. */
const storedV1Plan = (extra: Record<string, unknown> = {}) => {
  const { guarantors: _, ...v2 } = paymentPlanAgreed().data;
  return { type: 'PaymentPlanAgreed', data: { ...v2, ...extra }, metadata: { schemaVersion: 1 } };
};

function read(stored: StoredEventShape): CollectionEvent {
  const event = toCollectionEvent(stored);
  if (!event) throw new Error(`${stored.type} is not a collection event`);
  return event;
}

describe('upcasting stored events', () => {
  it('has an upcaster for every version below the current one, and none beyond it', () => {
    for (const type of COLLECTION_EVENT_TYPES) {
      const steps = Object.keys(UPCASTERS[type] ?? {})
        .map(Number)
        .sort((a, b) => a - b);
      const expected = Array.from({ length: CURRENT_SCHEMA_VERSIONS[type] - 1 }, (_, index) => index + 1);
      expect({ type, steps }).toEqual({ type, steps: expected });
    }
  });

  it('turns a stored v1 payment plan with a guarantor into the v2 shape with a list of guarantors', () => {
    // given a plan stored by release 1
    const stored = storedV1Plan({ guarantor: 'J. Doe', terms: 'Personal guarantee' });
    // when it is read
    const event = toCollectionEvent(stored);
    // then it has the current shape
    expect(event).toEqual(paymentPlanAgreed({ guarantors: ['J. Doe'], terms: 'Personal guarantee' }));
    expect(event?.data).not.toHaveProperty('guarantor');
  });

  it('reads a v1 plan without a guarantor, or without any schemaVersion, as one with no guarantors', () => {
    expect(toCollectionEvent(storedV1Plan())).toEqual(paymentPlanAgreed({ guarantors: [] }));
    const { metadata: _, ...withoutMetadata } = storedV1Plan({ guarantor: 'A. Doe' });
    expect(toCollectionEvent(withoutMetadata)).toEqual(paymentPlanAgreed({ guarantors: ['A. Doe'] }));
  });

  it('leaves events stored in the current shape as they are', () => {
    const current = paymentPlanAgreed({ guarantors: ['J. Doe', 'A. Doe'] });
    expect(toCollectionEvent({ ...current, metadata: { schemaVersion: 2 } })).toEqual(current);
    const invoice = invoiceRegistered();
    expect(toCollectionEvent({ ...invoice, metadata: { schemaVersion: 1 } })).toEqual(invoice);
  });

  it('refuses a version newer than this release knows rather than fold it as an older shape', () => {
    expect(() => toCollectionEvent({ ...paymentPlanAgreed(), metadata: { schemaVersion: 3 } })).toThrow(UnknownSchemaVersionError);
    expect(() => toCollectionEvent({ ...invoiceRegistered(), metadata: { schemaVersion: 'one' } })).toThrow(UnknownSchemaVersionError);
  });

  it('folds a history holding a v1 plan into the same account as the same history written today', () => {
    // given the same history stored by release 1 and by this release
    const v1History = [{ ...invoiceRegistered(), metadata: { schemaVersion: 1 } }, storedV1Plan({ guarantor: 'J. Doe' })];
    const currentHistory = [invoiceRegistered(), paymentPlanAgreed({ guarantors: ['J. Doe'] })].map((event) => ({
      ...event,
      metadata: { schemaVersion: schemaVersionOf(event.type) },
    }));
    // when both are folded
    const account = fold(v1History.map(read));
    // then the accounts are equal, the plan with its guarantor
    expect(account).toEqual(fold(currentHistory.map(read)));
    expect(account.status === 'active' && account.paymentPlans.get('PL-1')?.guarantors).toEqual(['J. Doe']);
  });
});
