import fc from 'fast-check';
import { AccountState, BusinessDate, CollectionCommand, CollectionEvent, DomainError, addDays, decide, evolve } from '@collections/domain';
import {
  applyCash,
  fold,
  issueCreditMemo,
  makePromise,
  confirmPromiseKept,
  declarePromiseBroken,
  receiveCash,
  receivePayment,
  receiveRecovery,
  refundCash,
  registerInvoice,
  unapplyCash,
  writeOff,
} from '@collections/domain/testing/decider-specification';
import { ALL_PROJECTIONS } from '../all-projections';
import { ProjectedCollections, project, storedEvent } from '../testing/project';
import { queryKpis } from './kpis.query';
import { recomputeKpis } from './kpis.recompute';
import { readStoreWith } from './testing/read-store-with';

/**
 * Random histories through the decider — invoices in two currencies, payments, cash received on
 * account, applied, reversed and refunded, credit memos, write-offs and recoveries, promises kept
 * and broken, all on random business dates — and random periods: the fast KPIs are always the full
 * recomputation. The simulated book (kpis.equality.spec.ts) has no cash on account; this has.
 */
const CUSTOMERS = ['C-1', 'C-2'];
const day = fc.integer({ min: 0, max: 200 }).map((offset): BusinessDate => addDays('2024-01-01', offset));
const invoiceId = fc.constantFrom('INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5');
const paymentId = fc.constantFrom('PAY-1');
const applicationId = fc.constantFrom('APP-1', 'APP-2');
const promiseId = fc.constantFrom('PR-1', 'PR-2');
const amount = fc.integer({ min: 1, max: 50_000 });
const reference = fc.integer({ min: 1, max: 1_000_000 }).map(String);

/** Commands of a business date: histories are generated in date order, as they happen. */
type Dated = (on: BusinessDate) => CollectionCommand | CollectionCommand[];

const command: fc.Arbitrary<Dated> = fc.oneof(
  fc.record({ invoiceId, amount, terms: fc.integer({ min: 0, max: 60 }), usd: fc.boolean() }).map(
    ({ terms, usd, ...data }): Dated =>
      (on) =>
        registerInvoice({ ...data, issuedOn: on, dueOn: addDays(on, terms), currency: usd ? 'USD' : 'EUR' }),
  ),
  fc.record({ invoiceId, amount, ref: reference }).map(
    ({ ref, ...data }): Dated =>
      (on) =>
        receivePayment({ ...data, paymentId: `P-${ref}`, receivedOn: on }),
  ),
  fc.record({ paymentId, amount, usd: fc.boolean() }).map(
    ({ usd, ...data }): Dated =>
      (on) =>
        receiveCash({ ...data, receivedOn: on, currency: usd ? 'USD' : 'EUR' }),
  ),
  // Cash applied, and often reversed some days later (which opens the invoice again).
  fc
    .record({ paymentId, applicationId, invoiceId, amount: fc.integer({ min: 1, max: 20_000 }), reversedAfter: fc.option(fc.nat(60)) })
    .map(({ invoiceId: id, amount: applied, reversedAfter, ...data }): Dated => (on) => [
      applyCash({ ...data, allocations: [{ invoiceId: id, amount: applied }], appliedOn: on }),
      ...(reversedAfter === null ? [] : [unapplyCash({ ...data, unappliedOn: addDays(on, reversedAfter) })]),
    ]),
  fc.record({ paymentId, amount, ref: reference }).map(
    ({ ref, ...data }): Dated =>
      (on) =>
        refundCash({ ...data, refundId: `RF-${ref}`, refundedOn: on }),
  ),
  fc.record({ invoiceId, amount, ref: reference }).map(
    ({ ref, ...data }): Dated =>
      (on) =>
        issueCreditMemo({ ...data, creditMemoId: `CM-${ref}`, issuedOn: on }),
  ),
  // A write-off, and sometimes money recovered afterwards.
  fc
    .record({ invoiceId, ref: reference, recovered: fc.option(fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 5_000 }))) })
    .map(({ invoiceId: id, ref, recovered }): Dated => (on) => [
      writeOff({ writeOffId: `WO-${ref}`, invoiceIds: [id], writtenOffOn: on }),
      ...(recovered === null
        ? []
        : [receiveRecovery({ recoveryId: `RC-${ref}`, invoiceId: id, amount: recovered[1], receivedOn: addDays(on, recovered[0]) })]),
    ]),
  fc.record({ promiseId, invoiceId, amount, within: fc.integer({ min: 0, max: 30 }) }).map(
    ({ invoiceId: id, within, ...data }): Dated =>
      (on) =>
        makePromise({ ...data, invoiceIds: [id], madeOn: on, promisedFor: addDays(on, within) }),
  ),
  // A small promise paid at once and confirmed kept: kept promises are otherwise rare in random histories.
  fc
    .record({ promiseId, invoiceId, amount: fc.integer({ min: 1, max: 2_000 }), ref: reference })
    .map(({ promiseId: id, invoiceId: invoice, amount: promised, ref }): Dated => (on) => [
      makePromise({ promiseId: id, invoiceIds: [invoice], amount: promised, madeOn: on, promisedFor: on }),
      receivePayment({ paymentId: `PP-${ref}`, invoiceId: invoice, amount: promised, receivedOn: on }),
      confirmPromiseKept({ promiseId: id, keptOn: on }),
    ]),
  promiseId.map(
    (id): Dated =>
      (on) =>
        confirmPromiseKept({ promiseId: id, keptOn: on }),
  ),
  promiseId.map(
    (id): Dated =>
      (on) =>
        declarePromiseBroken({ promiseId: id, brokenOn: on }),
  ),
);

/** What the decider accepted of the commands, as stored events. */
function history(commands: [number, BusinessDate, Dated][]) {
  const states = new Map<string, AccountState>();
  const recorded: { customerId: string; event: CollectionEvent }[] = [];
  // Every account opens with an invoice in each currency, cash on account and a promise, so that most commands find something to act on.
  const opening = CUSTOMERS.flatMap((_, index): [number, BusinessDate, Dated][] => [
    [index, '2023-12-01', (on) => registerInvoice({ invoiceId: 'INV-1', amount: 30_000, issuedOn: on, dueOn: '2024-01-15' })],
    [
      index,
      '2023-12-01',
      (on) => registerInvoice({ invoiceId: 'INV-2', amount: 20_000, issuedOn: on, dueOn: '2024-02-15', currency: 'USD' }),
    ],
    [index, '2023-12-02', (on) => receiveCash({ paymentId: 'PAY-1', amount: 25_000, receivedOn: on })],
    [
      index,
      '2023-12-02',
      (on) => makePromise({ promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 30_000, madeOn: on, promisedFor: '2024-01-20' }),
    ],
  ]);
  const inDateOrder = [...opening, ...commands].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [index, on, dated] of inDateOrder) {
    const customerId = CUSTOMERS[index % CUSTOMERS.length];
    for (const next of [dated(on)].flat()) {
      try {
        const events = decide(next, states.get(customerId) ?? fold([]));
        states.set(customerId, events.reduce(evolve, states.get(customerId) ?? fold([])));
        for (const event of events) recorded.push({ customerId, event });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return recorded.map(({ customerId, event }, index) => storedEvent(event, { customerId, position: index + 1, revision: index }));
}

/**
 * One history run before the random ones, so that every path the fast KPIs must get right is taken
 * in every run: a kept promise, cash applied and reversed, a refund, a write-off and a recovery, a
 * broken promise (random histories miss one of them now and then).
 */
const EVERY_PATH: [[number, BusinessDate, Dated][], [BusinessDate, number], 'EUR' | 'USD'] = [
  [
    [
      0,
      '2024-01-10',
      (on) => [
        registerInvoice({ invoiceId: 'INV-3', amount: 5_000, issuedOn: on, dueOn: addDays(on, 30) }),
        makePromise({ promiseId: 'PR-2', invoiceIds: ['INV-3'], amount: 1_000, madeOn: on, promisedFor: on }),
        receivePayment({ paymentId: 'PP-1', invoiceId: 'INV-3', amount: 1_000, receivedOn: on }),
        confirmPromiseKept({ promiseId: 'PR-2', keptOn: on }),
      ],
    ],
    [
      0,
      '2024-01-11',
      (on) => [
        applyCash({ paymentId: 'PAY-1', applicationId: 'APP-1', allocations: [{ invoiceId: 'INV-1', amount: 5_000 }], appliedOn: on }),
        unapplyCash({ paymentId: 'PAY-1', applicationId: 'APP-1', unappliedOn: addDays(on, 3) }),
      ],
    ],
    [0, '2024-01-20', (on) => refundCash({ paymentId: 'PAY-1', amount: 1_000, refundId: 'RF-1', refundedOn: on })],
    [1, '2024-01-25', (on) => declarePromiseBroken({ promiseId: 'PR-1', brokenOn: on })],
    [
      1,
      '2024-02-01',
      (on) => [
        writeOff({ writeOffId: 'WO-1', invoiceIds: ['INV-1'], writtenOffOn: on }),
        receiveRecovery({ recoveryId: 'RC-1', invoiceId: 'INV-1', amount: 500, receivedOn: addDays(on, 5) }),
      ],
    ],
  ],
  ['2024-01-01', 90],
  'EUR',
];

describe('the fast KPIs equal the full recomputation (property)', () => {
  it('given any history the decider accepts and any period, then both give the same report', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), day, command), { minLength: 5, maxLength: 80 }),
        fc.tuple(day, fc.integer({ min: 0, max: 120 })),
        fc.constantFrom('EUR', 'USD'),
        async (commands, [from, length], currency) => {
          const events = history(commands);
          for (const { event } of events) seen.add(event.type);
          const collections: ProjectedCollections = new Map();
          for (const projection of ALL_PROJECTIONS) await project(projection, events, collections);
          const readStore = await readStoreWith(collections);
          try {
            for (const query of [
              { from, to: addDays(from, length), currency },
              { from: '2024-01-01', to: '2024-03-31', currency },
              { from: '2024-04-01', to: '2024-06-30', currency },
            ]) {
              expect(await queryKpis(readStore, query)).toEqual(await recomputeKpis(readStore, query));
            }
          } finally {
            await readStore.close();
          }
        },
      ),
      { numRuns: 60, examples: [EVERY_PATH] },
    );
    // The histories held what the fast path has to get right (EVERY_PATH sees to it): reversed applications, refunds, recoveries, kept promises.
    for (const type of ['CashApplied', 'CashUnapplied', 'UnappliedCashRefunded', 'RecoveryReceived', 'PromiseKept', 'PromiseBroken']) {
      expect(seen).toContain(type);
    }
  });
});
