import {
  cashApplied,
  cashUnapplied,
  creditMemoIssued,
  disputeRaised,
  disputeResolved,
  invoiceRegistered,
  paymentReceived,
  recoveryReceived,
  unappliedCashReceived,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { documentsOf, project, storedEvent } from '../testing/project';
import { agingByCustomer, agingFromLedger, bucketOf, openOn } from './aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument, invoiceLedgerProjection } from './invoice-ledger.projection';

describe('the invoice ledger projection', () => {
  const invoice = invoiceRegistered(); // INV-1, 10,000 EUR, issued 2024-01-10, due 2024-02-09
  const second = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

  it('given an invoice, payments, a credit and a write-off, then the invoice holds its dated movements', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoice,
      paymentReceived({ amount: 3_000, receivedOn: '2024-02-01' }),
      creditMemoIssued({ amount: 1_000, issuedOn: '2024-03-01' }),
      writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 6_000, currency: 'EUR' }], writtenOffOn: '2024-06-01' }),
      recoveryReceived({ amount: 500, receivedOn: '2024-07-01' }),
    ]);
    const [document] = documentsOf(collections, INVOICES) as InvoiceDocument[];
    expect(document).toMatchObject({
      _id: 'C-1/INV-1',
      customerId: 'C-1',
      balance: 0,
      settledOn: '2024-06-01',
      movements: [
        { on: '2024-02-01', kind: 'payment', amount: 3_000, reference: 'PAY-1' },
        { on: '2024-03-01', kind: 'credit', amount: 1_000, reference: 'CM-1' },
        { on: '2024-06-01', kind: 'write_off', amount: 6_000, reference: 'WO-1' },
        { on: '2024-07-01', kind: 'recovery', amount: 500, reference: 'RC-1' },
      ],
    });
    expect(openOn(document, '2024-01-09')).toBe(0);
    expect(openOn(document, '2024-01-31')).toBe(10_000);
    expect(openOn(document, '2024-02-01')).toBe(7_000);
    expect(openOn(document, '2024-05-31')).toBe(6_000);
    expect(openOn(document, '2024-06-01')).toBe(0);
  });

  it('settles on the latest movement date when payments arrive back-dated', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoice,
      paymentReceived({ paymentId: 'P-2', amount: 4_000, receivedOn: '2024-03-10' }),
      paymentReceived({ paymentId: 'P-1', amount: 6_000, receivedOn: '2024-02-20' }),
    ]);
    expect((documentsOf(collections, INVOICES)[0] as InvoiceDocument).settledOn).toBe('2024-03-10');
  });

  it('given cash applied to invoices and an application reversed, then balances, settlement and the ledger follow the dates', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoice,
      second,
      unappliedCashReceived({ receivedOn: '2024-02-05' }), // 15,000: not a movement of any invoice
      cashApplied({
        allocations: [
          { invoiceId: 'INV-1', amount: 10_000 },
          { invoiceId: 'INV-2', amount: 5_000 },
        ],
        appliedOn: '2024-02-05',
      }),
      cashUnapplied({
        allocations: [
          { invoiceId: 'INV-1', amount: 10_000 },
          { invoiceId: 'INV-2', amount: 5_000 },
        ],
        unappliedOn: '2024-02-07',
      }),
      cashApplied({ applicationId: 'APP-2', allocations: [{ invoiceId: 'INV-1', amount: 10_000 }], appliedOn: '2024-02-08' }),
    ]);
    const [first, other] = documentsOf(collections, INVOICES) as InvoiceDocument[];
    expect(first).toMatchObject({
      balance: 0,
      settledOn: '2024-02-08',
      movements: [
        { on: '2024-02-05', kind: 'cash_applied', amount: 10_000, reference: 'APP-1', paymentId: 'PAY-B1' },
        { on: '2024-02-07', kind: 'cash_unapplied', amount: 10_000, reference: 'APP-1', paymentId: 'PAY-B1' },
        { on: '2024-02-08', kind: 'cash_applied', amount: 10_000, reference: 'APP-2', paymentId: 'PAY-B1' },
      ],
    });
    expect(other).toMatchObject({ balance: 6_000, settledOn: null });
    expect([openOn(first, '2024-02-04'), openOn(first, '2024-02-05'), openOn(first, '2024-02-07'), openOn(first, '2024-02-08')]).toEqual([
      10_000, 0, 10_000, 0,
    ]);
    expect(openOn(other, '2024-02-06')).toBe(1_000);
    const ledgers = documentsOf(collections, AGING_LEDGER) as AgingLedgerDocument[];
    expect(agingFromLedger(ledgers, '2024-02-06').total).toBe(1_000);
    expect(agingFromLedger(ledgers, '2024-02-07').total).toBe(16_000);
    expect(agingFromLedger(ledgers, '2024-02-08').total).toBe(6_000);
  });

  it('given facts recorded at different instants, then the invoice keeps when each was recorded, in UTC', async () => {
    const at = (recordedAt: string, position: number) => ({ recordedAt, position });
    const collections = await project(invoiceLedgerProjection, [
      storedEvent(invoice, at('2024-01-10T08:00:00Z', 1)),
      storedEvent(disputeRaised({ amount: 2_000, raisedOn: '2024-02-12' }), at('2024-02-12T10:00:00.000Z', 2)),
      // Posted on 3 April for 28 March: the business date and the recorded instant differ.
      storedEvent(paymentReceived({ amount: 4_000, receivedOn: '2024-03-28' }), at('2024-04-03T11:15:00+02:00', 3)),
      storedEvent(disputeResolved({ resolvedOn: '2024-04-02' }), at('2024-04-05T09:00:00.000Z', 4)),
    ]);
    const [document] = documentsOf(collections, INVOICES) as InvoiceDocument[];
    expect(document).toMatchObject({
      recordedAt: '2024-01-10T08:00:00.000Z',
      lastRecordedAt: '2024-04-05T09:00:00.000Z',
      movements: [{ on: '2024-03-28', kind: 'payment', amount: 4_000, recordedAt: '2024-04-03T09:15:00.000Z' }],
      disputes: [
        {
          disputeId: 'D-1',
          raisedOn: '2024-02-12',
          resolvedOn: '2024-04-02',
          recordedAt: '2024-02-12T10:00:00.000Z',
          resolutionRecordedAt: '2024-04-05T09:00:00.000Z',
        },
      ],
    });
  });

  it('keeps a ledger per currency and due date whose sums give aging as of any date', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoice,
      second,
      paymentReceived({ amount: 4_000, receivedOn: '2024-03-01' }),
      disputeRaised({ invoiceId: 'INV-2', amount: 2_000, raisedOn: '2024-02-25' }),
      disputeResolved({ invoiceId: 'INV-2', resolvedOn: '2024-04-01' }),
    ]);
    const ledgers = documentsOf(collections, AGING_LEDGER) as AgingLedgerDocument[];
    expect(ledgers).toEqual([
      expect.objectContaining({ _id: 'EUR/2024-02-09', open: { '2024-01-10': 10_000, '2024-03-01': -4_000 }, disputed: {} }),
      expect.objectContaining({
        _id: 'EUR/2024-02-19',
        open: { '2024-01-20': 6_000 },
        disputed: { '2024-02-25': 2_000, '2024-04-01': -2_000 },
      }),
    ]);
    expect(agingFromLedger(ledgers, '2024-01-15')).toEqual({
      buckets: { current: 10_000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
      total: 10_000,
      disputed: 0,
    });
    expect(agingFromLedger(ledgers, '2024-03-15')).toEqual({
      // INV-1: 35 days past due, 6,000 left; INV-2: 25 days past due, 6,000 of it 2,000 disputed.
      buckets: { current: 0, '1-30': 6_000, '31-60': 6_000, '61-90': 0, '90+': 0 },
      total: 12_000,
      disputed: 2_000,
    });
    expect(agingFromLedger(ledgers, '2024-06-30').disputed).toBe(0);
  });

  it('ages per customer from the invoices', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoice,
      storedEvent(invoiceRegistered({ invoiceId: 'INV-9', amount: 50_000 }), { customerId: 'C-2', position: 2 }),
      storedEvent(paymentReceived({ invoiceId: 'INV-9', amount: 50_000, receivedOn: '2024-02-01' }), { customerId: 'C-2', position: 3 }),
    ]);
    const invoices = documentsOf(collections, INVOICES) as InvoiceDocument[];
    expect(agingByCustomer(invoices, '2024-01-31')).toEqual([
      {
        customerId: 'C-2',
        buckets: { current: 50_000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 50_000,
        disputed: 0,
        unappliedCash: 0,
      },
      {
        customerId: 'C-1',
        buckets: { current: 10_000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 10_000,
        disputed: 0,
        unappliedCash: 0,
      },
    ]);
    expect(agingByCustomer(invoices, '2024-02-10')).toEqual([
      {
        customerId: 'C-1',
        buckets: { current: 0, '1-30': 10_000, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 10_000,
        disputed: 0,
        unappliedCash: 0,
      },
    ]);
  });

  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
  ] as const)('puts %i days past due in %s', (days, bucket) => {
    expect(bucketOf(days)).toBe(bucket);
  });
});
