import {
  contactLogged,
  creditMemoIssued,
  escalationDeclined,
  escalationProposed,
  invoiceRegistered,
  paymentReceived,
  promiseBroken,
  promiseMade,
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
});
