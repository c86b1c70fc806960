import { UNIDENTIFIED_CASH_EVENT_TYPES, UnidentifiedCashReceived } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  contactLogged,
  creditMemoIssued,
  escalationDeclined,
  escalationProposed,
  invoiceRegistered,
  paymentReceived,
  promiseBroken,
  promiseMade,
  unappliedCashReceived,
  unappliedCashRefunded,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { documentsOf, project, storedEvent } from '../testing/project';
import { AUDIT_TRAIL, AuditEntryDocument, auditTrailProjection } from './audit-trail.projection';

describe('the audit trail projection', () => {
  it('given a customer history, then each event has its entry with who, why, invoices and the balance after', async () => {
    const events = [
      invoiceRegistered(),
      invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, currency: 'USD' }),
      paymentReceived({ amount: 4_000 }),
      contactLogged({ reasonForLateness: 'Cash flow' }),
      promiseMade({ amount: 6_000 }),
      promiseBroken({ amountPaid: 0, shortfall: 6_000 }),
      creditMemoIssued({ amount: 1_000, reason: 'Damaged pallet' }),
      writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 5_000, currency: 'EUR' }], reason: 'Insolvent' }),
    ].map((event, revision) =>
      storedEvent(event, { revision, position: 100 + revision, actor: { id: revision < 3 ? 'erp' : 'collector-7', role: 'collector' } }),
    );
    const entries = documentsOf(await project(auditTrailProjection, events), AUDIT_TRAIL) as AuditEntryDocument[];

    expect(entries.map((entry) => [entry.revision, entry.type, entry.why, entry.invoiceIds, entry.balanceAfter])).toEqual([
      [0, 'InvoiceRegistered', null, ['INV-1'], [{ currency: 'EUR', balance: 10_000 }]],
      [
        1,
        'InvoiceRegistered',
        null,
        ['INV-2'],
        [
          { currency: 'EUR', balance: 10_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        2,
        'PaymentReceived',
        null,
        ['INV-1'],
        [
          { currency: 'EUR', balance: 6_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        3,
        'ContactLogged',
        'Cash flow',
        [],
        [
          { currency: 'EUR', balance: 6_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        4,
        'PromiseMade',
        null,
        ['INV-1'],
        [
          { currency: 'EUR', balance: 6_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        5,
        'PromiseBroken',
        null,
        ['INV-1'],
        [
          { currency: 'EUR', balance: 6_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        6,
        'CreditMemoIssued',
        'Damaged pallet',
        ['INV-1'],
        [
          { currency: 'EUR', balance: 5_000 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
      [
        7,
        'WrittenOff',
        'Insolvent',
        ['INV-1'],
        [
          { currency: 'EUR', balance: 0 },
          { currency: 'USD', balance: 6_000 },
        ],
      ],
    ]);
    expect(entries[3]).toMatchObject({
      _id: 'C-1/0000000003',
      customerId: 'C-1',
      position: 103,
      occurredAt: '2024-02-16',
      recordedAt: '2024-06-30T12:00:00.000Z',
      actor: { id: 'collector-7', role: 'collector' },
    });
  });

  it("given a declined proposal, then its entry names the proposal's invoices and the manager's reason", async () => {
    const events = [
      invoiceRegistered(),
      invoiceRegistered({ invoiceId: 'INV-2' }),
      escalationProposed({ invoiceIds: ['INV-2'] }),
      escalationDeclined({ reason: 'Customer is negotiating a plan' }),
    ].map((event, revision) => storedEvent(event, { revision, position: 1 + revision }));
    const entries = documentsOf(await project(auditTrailProjection, events), AUDIT_TRAIL) as AuditEntryDocument[];
    expect(entries[3]).toMatchObject({ type: 'EscalationDeclined', why: 'Customer is negotiating a plan', invoiceIds: ['INV-2'] });
  });

  it("given cash received, applied to two invoices, partly reversed and refunded, then each entry names the cash's invoices, why, and the balance after", async () => {
    const events = [
      invoiceRegistered(),
      invoiceRegistered({ invoiceId: 'INV-2', amount: 3_000 }),
      unappliedCashReceived({ amount: 15_000, remittance: 'INV-1 INV-2' }),
      cashApplied({
        allocations: [
          { invoiceId: 'INV-1', amount: 10_000 },
          { invoiceId: 'INV-2', amount: 3_000 },
        ],
        rule: 'remittance-reference',
      }),
      cashUnapplied({ allocations: [{ invoiceId: 'INV-2', amount: 3_000 }], reason: 'INV-2 was paid by card' }),
      unappliedCashRefunded({ amount: 5_000, reason: 'Paid twice' }),
      {
        type: 'PayerAccountRecorded' as const,
        data: { account: 'LT121000011101001000', recordedOn: '2024-02-10', source: 'person' as const },
      },
    ].map((event, revision) => storedEvent(event, { revision, position: 1 + revision }));
    const entries = documentsOf(await project(auditTrailProjection, events), AUDIT_TRAIL) as AuditEntryDocument[];

    expect(entries.slice(2).map((entry) => [entry.type, entry.why, entry.invoiceIds, entry.balanceAfter])).toEqual([
      ['UnappliedCashReceived', 'INV-1 INV-2', [], [{ currency: 'EUR', balance: 13_000 }]],
      ['CashApplied', 'the remittance names the invoice', ['INV-1', 'INV-2'], [{ currency: 'EUR', balance: 0 }]],
      ['CashUnapplied', 'INV-2 was paid by card', ['INV-2'], [{ currency: 'EUR', balance: 3_000 }]],
      // The refund is part of the cash's story: an invoice's trail shows what became of the cash that paid it.
      ['UnappliedCashRefunded', 'Paid twice', ['INV-1', 'INV-2'], [{ currency: 'EUR', balance: 3_000 }]],
      ['PayerAccountRecorded', 'entered by hand', [], [{ currency: 'EUR', balance: 3_000 }]],
    ]);
  });

  it('given a payment over an invoice kept on account, then its application says so', async () => {
    const events = [
      invoiceRegistered(),
      unappliedCashReceived({ paymentId: 'PAY-9', amount: 12_000 }),
      cashApplied({
        paymentId: 'PAY-9',
        applicationId: 'PAY-9',
        allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
        rule: 'named-invoice',
      }),
    ].map((event, revision) => storedEvent(event, { revision, position: 1 + revision }));
    const entries = documentsOf(await project(auditTrailProjection, events), AUDIT_TRAIL) as AuditEntryDocument[];
    expect(entries[2]).toMatchObject({
      why: 'paid on this invoice, more than its balance: the rest is kept on account',
      invoiceIds: ['INV-1'],
      balanceAfter: [{ currency: 'EUR', balance: 0 }],
    });
  });

  it("given unidentified cash, which is no customer's, then no trail gets an entry for it", async () => {
    // given the events of an unidentified payment's own stream, read with no customer
    const received: UnidentifiedCashReceived = {
      type: 'UnidentifiedCashReceived',
      data: { paymentId: 'PAY-U1', amount: 7_500, currency: 'EUR', receivedOn: '2024-02-05', candidates: [] },
    };
    const events = [
      received,
      { type: 'UnidentifiedCashAssigned' as const, data: { paymentId: 'PAY-U1', customerId: 'C-1', assignedOn: '2024-02-08' } },
    ].map((event, revision) => storedEvent(event, { customerId: '', revision, position: 1 + revision }));
    // then the projection does not follow them
    for (const type of UNIDENTIFIED_CASH_EVENT_TYPES) expect(auditTrailProjection.eventTypes).not.toContain(type);
    // and, handed them anyway, writes nothing
    const written: unknown[] = [];
    const documents = { get: async () => undefined, put: (...args: unknown[]) => written.push(args), delete: () => undefined };
    for (const event of events) await auditTrailProjection.apply(event, documents);
    expect(written).toEqual([]);
  });
});
