import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { ACCOUNT_EVENT_TYPES, PayerAccountRecorded, UNIDENTIFIED_CASH_EVENT_TYPES } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  contactLogged,
  paymentPlanAgreed,
  postMortemRecorded,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { dataSchemaOf, publishedSchemaOf } from './cloud-event';
import { PUBLISHED_EVENTS, PUBLISHED_EVENT_TYPES, PublishedEvent, isPublishedEventType, publishedDataOf } from './published-events';
import { EVENT_ARBITRARIES, anyPublishedEvent } from './testing/event-arbitraries';

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
for (const type of PUBLISHED_EVENT_TYPES) ajv.addSchema(publishedSchemaOf(type));
const schemaErrors = (event: PublishedEvent) => {
  const validate = ajv.getSchema(dataSchemaOf(event.type));
  if (!validate) throw new Error(`no schema for ${event.type}`);
  return validate(publishedDataOf(event)) ? [] : validate.errors;
};

/** Every string inside a value replaced by a marker no published field could hold by chance. */
function markStrings(value: unknown, markers: string[]): unknown {
  if (typeof value === 'string') {
    const marker = `«withheld-${markers.length}»`;
    markers.push(marker);
    return marker;
  }
  if (Array.isArray(value)) return value.map((item) => markStrings(item, markers));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, markStrings(item, markers)]));
  }
  return value;
}

describe('published event contracts', () => {
  it("publish every event type of a customer's account, each at a version, with a strict draft 2020-12 schema", () => {
    expect(Object.keys(PUBLISHED_EVENTS).sort()).toEqual([...ACCOUNT_EVENT_TYPES].sort());
    expect(PUBLISHED_EVENT_TYPES).toEqual(ACCOUNT_EVENT_TYPES);
    for (const type of PUBLISHED_EVENT_TYPES) {
      const schema = publishedSchemaOf(type);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:collections:schema:${type}:v${PUBLISHED_EVENTS[type].version}`,
        title: `io.collections.${type}.v${PUBLISHED_EVENTS[type].version}`,
        type: 'object',
        additionalProperties: false,
      });
      expect(typeof schema.description).toBe('string');
    }
  });

  it("publish nothing of unidentified cash, which is no customer's account", () => {
    for (const type of UNIDENTIFIED_CASH_EVENT_TYPES) {
      expect({ type, published: isPublishedEventType(type) }).toEqual({ type, published: false });
    }
  });

  it.each(PUBLISHED_EVENT_TYPES.map((type) => [type]))('publishes any %s in a form its schema accepts', (type) => {
    fc.assert(
      fc.property(EVENT_ARBITRARIES[type] as fc.Arbitrary<PublishedEvent>, (event) => expect(schemaErrors(event)).toEqual([])),
      { numRuns: 100 },
    );
  });

  it("never publishes people's names or text staff typed", () => {
    fc.assert(
      fc.property(anyPublishedEvent, (event) => {
        // given an event whose unpublished fields hold recognisable markers
        const published = new Set(Object.keys(PUBLISHED_EVENTS[event.type].schema.properties ?? {}));
        const markers: string[] = [];
        const data = Object.fromEntries(
          Object.entries(event.data).map(([field, value]) => [field, published.has(field) ? value : markStrings(value, markers)]),
        );
        // when it is published
        const json = JSON.stringify(publishedDataOf({ ...event, data } as PublishedEvent));
        // then none of them shows
        for (const marker of markers) expect(json).not.toContain(marker);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a contact's person, reason for lateness and the collector's notes to ourselves", () => {
    const contact = contactLogged({ person: 'Jonas Petraitis', reasonForLateness: 'Cash flow', notes: 'Sounded evasive' });
    expect(publishedDataOf(contact)).toEqual({ contactId: 'C-1', contactedOn: '2024-02-16', channel: 'phone', outcome: 'reached' });
  });

  it('publishes how many guarantors and action items there are, not who or what', () => {
    expect(publishedDataOf(paymentPlanAgreed({ guarantors: ['J. Doe', 'A. Doe'], terms: 'Personal guarantees' }))).toEqual({
      planId: 'PL-1',
      invoiceIds: ['INV-1'],
      currency: 'EUR',
      installments: [
        { number: 1, dueOn: '2024-03-01', amount: 5_000 },
        { number: 2, dueOn: '2024-04-01', amount: 5_000 },
      ],
      interestRateBasisPoints: 0,
      guarantorCount: 2,
      agreedOn: '2024-02-20',
    });
    expect(publishedDataOf(postMortemRecorded())).toEqual({
      postMortemId: 'PM-1',
      rootCause: 'credit_risk_misjudged',
      actionItemCount: 1,
      recordedOn: '2024-06-15',
    });
  });

  it("keeps the payer's name and bank account, the remittance text and staff's reasons to ourselves", () => {
    const received = unappliedCashReceived({
      valueOn: '2024-02-06',
      payer: { name: 'Jonas Petraitis', account: 'LT121000011101001000' },
      remittance: 'INV-1 minus the broken chair',
      bankReference: 'ACSR-20240205-0042',
    });
    expect(publishedDataOf(received)).toEqual({
      paymentId: 'PAY-B1',
      amount: 15_000,
      currency: 'EUR',
      receivedOn: '2024-02-05',
      valueOn: '2024-02-06',
      bankReference: 'ACSR-20240205-0042',
    });
    expect(publishedDataOf(cashApplied({ rule: 'remittance-reference' }))).toEqual({
      paymentId: 'PAY-B1',
      applicationId: 'APP-1',
      allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
      currency: 'EUR',
      appliedOn: '2024-02-05',
      rule: 'remittance-reference',
    });
    expect(publishedDataOf(cashUnapplied())).toEqual({
      paymentId: 'PAY-B1',
      applicationId: 'APP-1',
      allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
      currency: 'EUR',
      unappliedOn: '2024-02-07',
    });
    expect(publishedDataOf(unappliedCashRefunded())).toEqual({
      paymentId: 'PAY-B1',
      refundId: 'RF-1',
      amount: 5_000,
      currency: 'EUR',
      refundedOn: '2024-02-10',
    });
    const payerAccount: PayerAccountRecorded = {
      type: 'PayerAccountRecorded',
      data: { account: 'LT121000011101001000', recordedOn: '2024-02-05', source: 'payment' },
    };
    expect(publishedDataOf(payerAccount)).toEqual({ recordedOn: '2024-02-05', source: 'payment' });
  });

  it('refuses published data the schema does not document', () => {
    // A check that the schemas are closed: an extra field, a fraction or a bad date fails.
    const validate = ajv.getSchema(dataSchemaOf('PromiseBroken'));
    const valid = { promiseId: 'PR-1', brokenOn: '2024-02-29', amountPaid: 0, shortfall: 10_000, currency: 'EUR' };
    expect(validate?.(valid)).toBe(true);
    expect(validate?.({ ...valid, notes: 'x' })).toBe(false);
    expect(validate?.({ ...valid, shortfall: 10.5 })).toBe(false);
    expect(validate?.({ ...valid, brokenOn: '2023-02-29' })).toBe(false);
    expect(validate?.({ ...valid, currency: 'euro' })).toBe(false);
  });
});
