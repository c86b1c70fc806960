import { BusinessDate, CollectionEvent, addDays } from '@collections/domain';
import { disputeRaised, invoiceRegistered, paymentReceived } from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { CustomerPaymentHistory, SettledInvoiceFact } from '@collections/payment-prediction';
import { storedEvent } from '../../testing/project';

/** A small deterministic generator (mulberry32): the same book every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Book {
  events: StoredCollectionEvent[];
  /** What each customer settled, as the model learns it: by construction, not read back from the read model. */
  histories: Map<string, CustomerPaymentHistory>;
}

/**
 * 40 customers, each with its own habit (from 8 days early to 28 days late), six monthly invoices
 * of varying amounts, about a third disputed (which delays payment by 12 days); the first five
 * paid, the sixth (issued 2024-06-05, due 07-05) still open on TODAY.
 */
export function generatedBook(): Book {
  const next = random(18);
  const events: StoredCollectionEvent[] = [];
  const histories = new Map<string, CustomerPaymentHistory>();
  let position = 0;
  for (let c = 0; c < 40; c++) {
    const customerId = `C-${String(c).padStart(2, '0')}`;
    const habit = (c % 10) * 4 - 8;
    const dated: { on: BusinessDate; event: CollectionEvent }[] = [];
    const settled: SettledInvoiceFact[] = [];
    for (let n = 0; n < 6; n++) {
      const invoiceId = `${customerId}-INV-${n}`;
      const issuedOn = addDays('2024-01-05', 30 * n);
      const dueOn = addDays(issuedOn, 30);
      const amount = 5_000 + Math.floor(next() * 200) * 1_000;
      const disputed = next() < 0.35;
      dated.push({ on: issuedOn, event: invoiceRegistered({ invoiceId, amount, issuedOn, dueOn }) });
      if (disputed)
        dated.push({
          on: addDays(issuedOn, 3),
          event: disputeRaised({ disputeId: `D-${invoiceId}`, invoiceId, raisedOn: addDays(issuedOn, 3) }),
        });
      if (n === 5) continue;
      const settledOn = addDays(dueOn, Math.max(-25, habit + (disputed ? 12 : 0) + Math.floor(next() * 7) - 3));
      dated.push({ on: settledOn, event: paymentReceived({ paymentId: `P-${invoiceId}`, invoiceId, amount, receivedOn: settledOn }) });
      settled.push({ invoiceId, currency: 'EUR', amount, issuedOn, dueOn, settledOn, disputed, reminders: 0 });
    }
    dated.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    for (const { event } of dated) events.push(storedEvent(event, { customerId, position: ++position }));
    histories.set(customerId, {
      settled: settled.sort((a, b) => (a.settledOn < b.settledOn ? -1 : 1)),
      promisesKept: 0,
      promisesBroken: 0,
    });
  }
  return { events, histories };
}
