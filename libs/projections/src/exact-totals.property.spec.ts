import fc from 'fast-check';
import {
  AccountState,
  CollectionCommand,
  CollectionEvent,
  DomainError,
  MAX_ACCOUNT_TOTAL,
  MAX_AMOUNT,
  TotalTooLargeError,
  decide,
  evolve,
} from '@collections/domain';
import {
  claimDeduction,
  fold,
  invoiceRegistered,
  issueCreditMemo,
  raiseDispute,
  receivePayment,
  receiveRecovery,
  registerInvoice,
  writeOff,
} from '@collections/domain/testing/decider-specification';
import { agingFromLedger, openOn } from './aging/aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument } from './aging/invoice-ledger.projection';
import { ALL_PROJECTIONS } from './all-projections';
import { ProjectedCollections, documentsOf, project, storedEvent } from './testing/project';

/**
 * Random commands with amounts up to and past the bounds, over accounts that start near their
 * own bound (a seeded invoice stands for the many that would take one there): whatever the
 * decider accepts, no balance or total of an account leaves MAX_ACCOUNT_TOTAL, no projected
 * figure leaves the safe integer range, and a total across accounts is either exact or refused.
 */
const CUSTOMERS = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-8', 'C-9', 'C-10'];
const INVOICE_IDS = ['INV-1', 'INV-2', 'INV-3'];

const amount = fc.oneof(
  fc.constantFrom(1, MAX_AMOUNT, MAX_AMOUNT - 1, MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 1, max: MAX_AMOUNT }),
);
const invoiceId = fc.constantFrom(...INVOICE_IDS);
const reference = fc.integer({ min: 1, max: 1_000_000 }).map(String);

const command: fc.Arbitrary<CollectionCommand> = fc.oneof(
  fc.tuple(invoiceId, amount).map(([id, value]) => registerInvoice({ invoiceId: id, amount: value })),
  fc.tuple(invoiceId, amount, reference).map(([id, value, ref]) => receivePayment({ paymentId: `P-${ref}`, invoiceId: id, amount: value })),
  fc
    .tuple(invoiceId, amount, reference)
    .map(([id, value, ref]) => issueCreditMemo({ creditMemoId: `CM-${ref}`, invoiceId: id, amount: value })),
  fc.tuple(invoiceId, amount, reference).map(([id, value, ref]) => raiseDispute({ disputeId: `D-${ref}`, invoiceId: id, amount: value })),
  fc
    .tuple(invoiceId, amount, reference)
    .map(([id, value, ref]) => claimDeduction({ deductionId: `DD-${ref}`, invoiceId: id, amount: value })),
  fc.tuple(invoiceId, reference).map(([id, ref]) => writeOff({ writeOffId: `WO-${ref}`, invoiceIds: [id] })),
  fc
    .tuple(invoiceId, amount, reference)
    .map(([id, value, ref]) => receiveRecovery({ recoveryId: `RC-${ref}`, invoiceId: id, amount: value })),
);

/** How far each account starts below its bound: 0 (at it) to all of it (empty but for a cent). */
const seed = fc.constantFrom(0, 1, 2, MAX_AMOUNT, 3 * MAX_AMOUNT, MAX_ACCOUNT_TOTAL - 1);

interface Book {
  states: Map<string, AccountState>;
  recorded: { customerId: string; event: CollectionEvent }[];
}

function run(seeds: number[], commands: [number, CollectionCommand][]): Book {
  const book: Book = { states: new Map(), recorded: [] };
  const record = (customerId: string, events: CollectionEvent[]) => {
    book.states.set(customerId, events.reduce(evolve, book.states.get(customerId) ?? fold([])));
    for (const event of events) book.recorded.push({ customerId, event });
  };
  seeds.forEach((room, index) => record(CUSTOMERS[index], [invoiceRegistered({ invoiceId: 'SEED', amount: MAX_ACCOUNT_TOTAL - room })]));
  for (const [index, next] of commands) {
    const customerId = CUSTOMERS[index % seeds.length];
    try {
      record(customerId, decide(next, book.states.get(customerId) ?? fold([])));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return book;
}

/** Every number anywhere in a document. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn);
  return [];
}

async function projectAll(book: Book): Promise<ProjectedCollections> {
  const events = book.recorded.map(({ customerId, event }, index) =>
    storedEvent(event, { customerId, position: index + 1, revision: index }),
  );
  const collections: ProjectedCollections = new Map();
  for (const projection of ALL_PROJECTIONS) await project(projection, events, collections);
  return collections;
}

describe('no balance or total leaves the safe integer range (property)', () => {
  it('given random commands over accounts near their bound, then every account figure and projected figure is exact, and cross-account aging is exact or refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        // All ten near their bound often enough that their aging passes 2^53.
        fc.oneof(
          fc.array(seed, { minLength: CUSTOMERS.length, maxLength: CUSTOMERS.length }),
          fc.array(seed, { minLength: 1, maxLength: CUSTOMERS.length }),
        ),
        fc.array(fc.tuple(fc.nat(), command), { maxLength: 30 }),
        async (seeds, commands) => {
          const book = run(seeds, commands);

          for (const state of book.states.values()) {
            if (state.status !== 'active') continue;
            const invoices = [...state.invoices.values()];
            const invoiced = invoices.reduce((total, invoice) => total + invoice.amount, 0);
            const open = invoices.reduce((total, invoice) => total + invoice.balance, 0);
            const disputed = [...state.disputes.values()].reduce((total, dispute) => total + dispute.amount, 0);
            expect(invoiced).toBeLessThanOrEqual(MAX_ACCOUNT_TOTAL);
            expect(open).toBeLessThanOrEqual(invoiced);
            expect(disputed).toBeLessThanOrEqual(MAX_ACCOUNT_TOTAL);
            for (const invoice of invoices) expect(invoice.balance).toBeGreaterThanOrEqual(0);
          }

          const collections = await projectAll(book);
          for (const [name, documents] of collections) {
            for (const document of documents.values()) {
              for (const value of numbersIn(document)) {
                if (!Number.isSafeInteger(value)) throw new Error(`${name}/${document._id} holds ${value}, not a safe integer`);
              }
            }
          }

          const ledgers = documentsOf(collections, AGING_LEDGER) as AgingLedgerDocument[];
          const invoices = documentsOf(collections, INVOICES) as InvoiceDocument[];
          for (const asOf of ['2024-01-31', '2024-03-15', '2024-06-30']) {
            const exact = invoices.reduce((total, invoice) => total + BigInt(openOn(invoice, asOf)), 0n);
            if (exact <= BigInt(Number.MAX_SAFE_INTEGER)) expect(BigInt(agingFromLedger(ledgers, asOf).total)).toBe(exact);
            else expect(() => agingFromLedger(ledgers, asOf)).toThrow(TotalTooLargeError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the aging ledger across customers', () => {
  const customersWithInvoices = (count: number, amountEach: number) =>
    Array.from({ length: count }, (_, index) =>
      storedEvent(invoiceRegistered({ invoiceId: 'INV-1', amount: amountEach }), { customerId: `C-${index}`, position: index + 1 }),
    );

  it('given customers whose invoices due on one day add up past 2^53, then the ledger keeps their exact sum and aging refuses to round it', async () => {
    // Ten accounts at their bound: 10^16 minor units of invoices issued on one day, due on one day.
    const collections = await project(ALL_PROJECTIONS[0], customersWithInvoices(10, MAX_ACCOUNT_TOTAL));
    const [ledger] = documentsOf(collections, AGING_LEDGER) as AgingLedgerDocument[];

    expect(ledger.open).toEqual({ '2024-01-10': '10000000000000000' });
    expect(() => agingFromLedger([ledger], '2024-03-01')).toThrow(TotalTooLargeError);
  });

  it('given such a ledger paid back down, then aging is exact again: the day kept its digits, nothing was rounded on the way', async () => {
    const events = customersWithInvoices(10, MAX_ACCOUNT_TOTAL);
    for (let index = 0; index < 9; index++) {
      events.push(storedEvent(receivePaymentEvent(MAX_ACCOUNT_TOTAL - 3), { customerId: `C-${index}`, position: 100 + index }));
    }
    const collections = await project(ALL_PROJECTIONS[0], events);
    const ledgers = documentsOf(collections, AGING_LEDGER) as AgingLedgerDocument[];

    // 10 × 10^15 issued, 9 × (10^15 − 3) paid: 10^15 + 27 open.
    expect(agingFromLedger(ledgers, '2024-03-01').total).toBe(MAX_ACCOUNT_TOTAL + 27);
  });
});

function receivePaymentEvent(amount: number): CollectionEvent {
  return { type: 'PaymentReceived', data: { paymentId: 'P-1', invoiceId: 'INV-1', amount, currency: 'EUR', receivedOn: '2024-02-01' } };
}
