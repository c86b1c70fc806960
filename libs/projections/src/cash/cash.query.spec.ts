import { CollectionEvent } from '@collections/domain';
import {
  cashApplied,
  invoiceRegistered,
  paymentReceived,
  paymentReported,
  unappliedCashReceived,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { invoiceLedgerProjection } from '../aging/invoice-ledger.projection';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { onItsOwnStream, unidentifiedCashAssigned, unidentifiedCashReceived } from '../testing/unidentified-cash';
import { CANDIDATE_REASONS, MAX_CANDIDATES, candidateInvoices, namesInvoice } from './cash-candidates';
import { cashProjection } from './cash.projection';
import { decodeCashCursor, encodeCashCursor, listUnappliedCash, listUnidentifiedCash } from './cash.query';
import { reportedPaymentReason } from './reported-payments';

let position = 0;
const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId, position: ++position }));

/**
 * C-1 owes INV-1 10,000 (due 02-09), INV-2 6,000 (due 03-20), INV-3 5,000 (due 01-31, paid) in
 * EUR and INV-U 7,000 in USD; PAY-B1 (15,000 EUR, 02-05, remittance naming INV-2) had 9,000 applied
 * to INV-1, 6,000 left. PAY-B2 (3,000 EUR, 02-07) waits whole; PAY-B3 (1,000 EUR) was applied
 * whole. C-2 has PAY-C1 (500 USD, 02-01) and no open invoice.
 */
const events: StoredCollectionEvent[] = [
  ...of(
    'C-1',
    invoiceRegistered(),
    invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-03-20' }),
    invoiceRegistered({ invoiceId: 'INV-3', amount: 5_000, issuedOn: '2024-01-01', dueOn: '2024-01-31' }),
    invoiceRegistered({ invoiceId: 'INV-U', amount: 7_000, currency: 'USD' }),
    paymentReceived({ paymentId: 'P-3', invoiceId: 'INV-3', amount: 5_000, receivedOn: '2024-02-01' }),
    unappliedCashReceived({ remittance: 'Payment for inv-2, thanks' }),
    cashApplied({ allocations: [{ invoiceId: 'INV-1', amount: 9_000 }] }),
    unappliedCashReceived({ paymentId: 'PAY-B2', amount: 3_000, receivedOn: '2024-02-07' }),
    unappliedCashReceived({ paymentId: 'PAY-B3', amount: 1_000, receivedOn: '2024-02-01' }),
    cashApplied({ paymentId: 'PAY-B3', applicationId: 'APP-3', allocations: [{ invoiceId: 'INV-1', amount: 1_000 }] }),
  ),
  ...of('C-2', unappliedCashReceived({ paymentId: 'PAY-C1', amount: 500, currency: 'USD', receivedOn: '2024-02-01' })),
];

describe('the cash queries', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections = await project(invoiceLedgerProjection, events);
    await project(cashProjection, events, collections);
    await project(
      cashProjection,
      [
        onItsOwnStream(unidentifiedCashReceived({ paymentId: 'PAY-U2', receivedOn: '2024-02-07' }), 100),
        onItsOwnStream(unidentifiedCashReceived(), 101),
        onItsOwnStream(unidentifiedCashReceived({ paymentId: 'PAY-U3', receivedOn: '2024-02-06' }), 102),
        onItsOwnStream(unidentifiedCashReceived({ paymentId: 'PAY-U4', receivedOn: '2024-02-01' }), 103),
        onItsOwnStream(unidentifiedCashAssigned({ paymentId: 'PAY-U4' }), 104),
      ],
      collections,
    );
    readStore = await readStoreWith(collections);
  });
  afterAll(() => readStore.close());

  describe('listUnappliedCash', () => {
    it('given cash with something left, then it is listed oldest first, and cash applied whole is not', async () => {
      const { items, next } = await listUnappliedCash(readStore, { limit: 10 });
      expect(items.map(({ customerId, paymentId, unapplied }) => [customerId, paymentId, unapplied])).toEqual([
        ['C-2', 'PAY-C1', 500],
        ['C-1', 'PAY-B1', 6_000],
        ['C-1', 'PAY-B2', 3_000],
      ]);
      expect(next).toBeUndefined();
    });

    it("then each item offers the customer's open invoices in its currency, oldest due first, each with why", async () => {
      const { items } = await listUnappliedCash(readStore, { customerId: 'C-1', limit: 10 });
      expect(items[0]).toEqual({
        customerId: 'C-1',
        paymentId: 'PAY-B1',
        amount: 15_000,
        currency: 'EUR',
        receivedOn: '2024-02-05',
        valueOn: null,
        payer: null,
        remittance: 'Payment for inv-2, thanks',
        bankReference: null,
        applied: 9_000,
        refunded: 0,
        unapplied: 6_000,
        applications: [
          {
            applicationId: 'APP-1',
            allocations: [{ invoiceId: 'INV-1', amount: 9_000 }],
            rule: 'manual',
            appliedOn: '2024-02-05',
            status: 'applied',
            reversedOn: null,
            recordedAt: '2024-06-30T12:00:00.000Z',
            reversalRecordedAt: null,
          },
        ],
        refunds: [],
        reportedPayments: [],
        candidates: [
          // INV-1 has 10,000 − 9,000 − 1,000 = 0 left: paid, so no candidate. INV-3 was paid; INV-U is in USD.
          {
            invoiceId: 'INV-2',
            dueOn: '2024-03-20',
            balance: 6_000,
            why: [CANDIDATE_REASONS.named, CANDIDATE_REASONS.exactAmount, CANDIDATE_REASONS.oldestDue],
          },
        ],
      });
      expect(items[1]).toMatchObject({
        paymentId: 'PAY-B2',
        candidates: [{ invoiceId: 'INV-2', balance: 6_000, why: [CANDIDATE_REASONS.oldestDue] }],
      });
    });

    it('given a customer or currency, then only their cash; a customer with no open invoice has no candidates', async () => {
      const { items } = await listUnappliedCash(readStore, { currency: 'USD', limit: 10 });
      expect(items).toEqual([expect.objectContaining({ customerId: 'C-2', paymentId: 'PAY-C1', candidates: [] })]);
      expect((await listUnappliedCash(readStore, { customerId: 'C-3', limit: 10 })).items).toEqual([]);
    });

    it('given a limit, then pages follow one another by their cursor until the last, which has no next', async () => {
      const first = await listUnappliedCash(readStore, { limit: 2 });
      expect(first.items.map(({ paymentId }) => paymentId)).toEqual(['PAY-C1', 'PAY-B1']);
      expect(decodeCashCursor(first.next!)).toEqual({ receivedOn: '2024-02-05', id: 'C-1/PAY-B1' });
      const second = await listUnappliedCash(readStore, { limit: 2, after: first.next });
      expect(second).toEqual({ items: [expect.objectContaining({ paymentId: 'PAY-B2' })] });
    });

    it('given a cursor it never gave, then it is refused', async () => {
      await expect(listUnappliedCash(readStore, { limit: 2, after: 'not-a-cursor' })).rejects.toThrow(RangeError);
      await expect(listUnappliedCash(readStore, { limit: 0 })).rejects.toThrow(RangeError);
    });
  });

  describe('listUnidentifiedCash', () => {
    it('given unidentified cash, then the waiting queue lists it oldest first, ties by payment id, with candidates', async () => {
      const { items, next } = await listUnidentifiedCash(readStore, { status: 'waiting', limit: 10 });
      expect(items.map(({ paymentId }) => paymentId)).toEqual(['PAY-U1', 'PAY-U3', 'PAY-U2']);
      expect(next).toBeUndefined();
      expect(items[0]).toEqual({
        paymentId: 'PAY-U1',
        amount: 42_000,
        currency: 'EUR',
        receivedOn: '2024-02-06',
        valueOn: null,
        payer: { name: 'ACME GMBH', account: 'DE89370400440532013000' },
        remittance: 'Rechnung 2024-117',
        bankReference: 'BANK-REF-7',
        candidates: [
          { customerId: 'C-7', reason: 'payer name resembles the customer' },
          { customerId: 'C-9', reason: 'an open invoice of 420.00 EUR' },
        ],
        status: 'waiting',
        assignedTo: null,
        assignedOn: null,
        refundedOn: null,
        refundReason: null,
      });
    });

    it('given a status and a limit, then that status a page at a time', async () => {
      expect((await listUnidentifiedCash(readStore, { status: 'assigned', limit: 10 })).items).toEqual([
        expect.objectContaining({ paymentId: 'PAY-U4', assignedTo: 'C-7' }),
      ]);
      const first = await listUnidentifiedCash(readStore, { status: 'waiting', limit: 2 });
      const second = await listUnidentifiedCash(readStore, { status: 'waiting', limit: 2, after: first.next });
      expect([...first.items, ...second.items].map(({ paymentId }) => paymentId)).toEqual(['PAY-U1', 'PAY-U3', 'PAY-U2']);
      expect(second.next).toBeUndefined();
    });
  });
});

describe('the cash cursor', () => {
  it('reads back what it wrote, and nothing else', () => {
    expect(decodeCashCursor(encodeCashCursor({ receivedOn: '2024-02-05', _id: 'C-1/PAY-1' }))).toEqual({
      receivedOn: '2024-02-05',
      id: 'C-1/PAY-1',
    });
    for (const text of [
      '',
      'abc',
      Buffer.from('["2024-13-01","x"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
      '+/=',
    ]) {
      expect(decodeCashCursor(text)).toBeUndefined();
    }
  });
});

describe('the candidate invoices', () => {
  const open = (invoiceId: string, dueOn: string, balance: number, currency = 'EUR') => ({ invoiceId, dueOn, balance, currency });

  it('names an invoice only as a word of its own, in any case', () => {
    expect(namesInvoice('Payment INV-1', 'INV-1')).toBe(true);
    expect(namesInvoice('inv-1,inv-2', 'INV-2')).toBe(true);
    expect(namesInvoice('Payment INV-10', 'INV-1')).toBe(false);
    expect(namesInvoice('XINV-1', 'INV-1')).toBe(false);
    expect(namesInvoice('a.b (1)', 'a.b')).toBe(true);
    expect(namesInvoice('axb', 'a.b')).toBe(false);
  });

  it('given more open invoices than are shown, then those with a reason stay, the rest are the oldest due', () => {
    const invoices = Array.from({ length: 30 }, (_, index) =>
      open(`INV-${String(index).padStart(2, '0')}`, `2024-01-${String(index + 1).padStart(2, '0')}`, 1_000 + index),
    );
    const candidates = candidateInvoices({ currency: 'EUR', remaining: 1_025, remittance: 'for INV-28' }, invoices);
    expect(candidates).toHaveLength(MAX_CANDIDATES);
    expect(candidates.map(({ invoiceId }) => invoiceId)).toEqual([
      ...['INV-00', 'INV-01', 'INV-02', 'INV-03', 'INV-04', 'INV-05', 'INV-06', 'INV-07'],
      'INV-25',
      'INV-28',
    ]);
    expect(candidates.find(({ invoiceId }) => invoiceId === 'INV-25')?.why).toEqual([CANDIDATE_REASONS.exactAmount]);
    expect(candidates[1].why).toEqual([CANDIDATE_REASONS.open]);
  });
});

describe('payments customers reported, as hints', () => {
  let readStore: ReadStore;
  // C-1 reported paying 15,000 EUR for INV-1 on 02-14 (reported 02-15), and 800 USD on 01-02 (reported 01-03).
  const reported = paymentReported({ amount: 15_000 });
  const inUsd = paymentReported({
    reportId: 'PR-0',
    amount: 800,
    currency: 'USD',
    paidOn: '2024-01-02',
    reportedOn: '2024-01-03',
    invoiceIds: [],
  });

  beforeAll(async () => {
    const stored = [
      ...of('C-1', invoiceRegistered(), invoiceRegistered({ invoiceId: 'INV-U', currency: 'USD' }), inUsd, reported),
      ...of('C-1', unappliedCashReceived({ paymentId: 'PAY-E', amount: 2_000, receivedOn: '2024-02-16' })),
      ...of('C-1', unappliedCashReceived({ paymentId: 'PAY-D', amount: 300, currency: 'USD', receivedOn: '2024-02-16' })),
      ...of('C-5', paymentReported({ reportId: 'PR-9', amount: 42_000, invoiceIds: [], reference: undefined, paidOn: '2024-02-10' })),
      // Reported as paid after the money below was received: not that money.
      ...of('C-6', paymentReported({ reportId: 'PR-7', amount: 42_000, invoiceIds: [], paidOn: '2024-02-20', reportedOn: '2024-02-20' })),
      onItsOwnStream(unidentifiedCashReceived({ paymentId: 'PAY-U1', receivedOn: '2024-02-16' }), 500),
      onItsOwnStream(unidentifiedCashReceived({ paymentId: 'PAY-U5', amount: 41_999, receivedOn: '2024-02-16' }), 501),
    ];
    readStore = await readStoreWith(await project(cashProjection, stored));
  });
  afterAll(() => readStore.close());

  it('given a customer who reported a payment, then its unapplied cash in that currency lists the report', async () => {
    const { items } = await listUnappliedCash(readStore, { customerId: 'C-1', limit: 10, today: '2024-02-20' });
    expect(items.map(({ paymentId, reportedPayments }) => [paymentId, reportedPayments])).toEqual([
      ['PAY-D', []], // the USD report of 01-03 is more than 30 days old on 02-20
      [
        'PAY-E',
        [
          {
            reportId: 'PR-1',
            amount: 15_000,
            currency: 'EUR',
            paidOn: '2024-02-14',
            reference: 'INV-1',
            invoiceIds: ['INV-1'],
            reportedOn: '2024-02-15',
          },
        ],
      ],
    ]);
    const earlier = await listUnappliedCash(readStore, { customerId: 'C-1', currency: 'USD', limit: 10, today: '2024-02-01' });
    expect(earlier.items[0].reportedPayments).toEqual([expect.objectContaining({ reportId: 'PR-0' })]);
  });

  it('given unidentified cash of exactly a reported amount, then the customer who reported it is a candidate, for 30 days', async () => {
    const { items } = await listUnidentifiedCash(readStore, { status: 'waiting', limit: 10, today: '2024-02-20' });
    const byPayment = new Map(items.map(({ paymentId, candidates }) => [paymentId, candidates]));
    expect(byPayment.get('PAY-U1')).toEqual([
      { customerId: 'C-7', reason: 'payer name resembles the customer' },
      { customerId: 'C-9', reason: 'an open invoice of 420.00 EUR' },
      { customerId: 'C-5', reason: 'reported paying exactly this amount on 2024-02-10 (report PR-9)' },
    ]);
    expect(byPayment.get('PAY-U5')).toHaveLength(2);
    const monthsLater = await listUnidentifiedCash(readStore, { status: 'waiting', limit: 10, today: '2024-04-20' });
    expect(monthsLater.items[0].candidates).toHaveLength(2);
    expect(reportedPaymentReason({ ...reported.data })).toBe(
      'reported paying exactly this amount on 2024-02-14 (report PR-1, reference INV-1)',
    );
  });
});
