import { CollectionEvent, addDays } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  collectorAssigned,
  creditMemoIssued,
  disputeRaised,
  invoiceRegistered,
  paymentPlanAgreed,
  paymentReceived,
  promiseBroken,
  promiseMade,
  reminderSent,
} from '@collections/domain/testing/decider-specification';
import { predictPayment } from '@collections/payment-prediction';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { sortedWorklist } from '../worklist/worklist';
import { worklistProjection } from '../worklist/worklist.projection';
import { LIKELY_LATE_DAYS, PAYMENT_PREDICTIONS, PaymentPredictionDocument, paymentPredictionProjection } from './predictions.projection';
import { forecastItemsOf, likelyLateInvoicesOf, mondayOf, queryCashForecast } from './predictions.query';

/** Given events (in the order recorded), then the customer's predictions document. */
async function customerAfter(events: CollectionEvent[]): Promise<PaymentPredictionDocument> {
  const collections = await project(paymentPredictionProjection, events);
  return collections.get(PAYMENT_PREDICTIONS)?.get('C-1') as PaymentPredictionDocument;
}

// INV-1: 10,000 EUR issued 01-10, due 02-09. INV-2: 6,000 EUR issued 03-11, due 04-10.
const first = invoiceRegistered();
const second = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-03-11', dueOn: '2024-04-10' });
const paidLate = paymentReceived({ receivedOn: '2024-03-05' }); // 25 days after INV-1's due date

describe('the predictions read model', () => {
  it('given an invoice and no history, then it is predicted from the fallback as of its issue day', async () => {
    const customer = await customerAfter([first]);
    expect(customer.asOf).toBe('2024-01-10');
    expect(customer.settled).toEqual([]);
    expect(customer.open).toEqual([
      expect.objectContaining({
        invoiceId: 'INV-1',
        balance: 10_000,
        reminders: 0,
        disputed: false,
        prediction: predictPayment({ settled: [], promisesKept: 0, promisesBroken: 0 }, featuresOf(first), '2024-01-10'),
      }),
    ]);
    expect(customer.currencies).toEqual(['EUR']);
  });

  it('given a payment that settles an invoice, then it leaves the open invoices for the history, and the next invoice is predicted from it', async () => {
    const customer = await customerAfter([first, reminderSent(), disputeRaised(), paidLate, second]);
    const settled = {
      invoiceId: 'INV-1',
      currency: 'EUR',
      amount: 10_000,
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
      settledOn: '2024-03-05',
      disputed: true,
      reminders: 1,
    };
    expect(customer.settled).toEqual([settled]);
    expect(customer.open.map((invoice) => invoice.invoiceId)).toEqual(['INV-2']);
    const history = { settled: [settled], promisesKept: 0, promisesBroken: 0, channel: 'electronic' as const };
    expect(customer.open[0].prediction).toEqual(predictPayment(history, featuresOf(second), '2024-03-11'));
    expect(customer.open[0].daysLate).toBeGreaterThan(0);
    expect(customer.maxDaysLate).toBe(customer.open[0].daysLate);
  });

  it('given a part payment, then the invoice stays open and teaches nothing yet', async () => {
    const customer = await customerAfter([first, paymentReceived({ amount: 4_000 })]);
    expect(customer.open).toEqual([expect.objectContaining({ invoiceId: 'INV-1', balance: 6_000, paid: 4_000 })]);
    expect(customer.settled).toEqual([]);
  });

  it('given an invoice closed by a credit alone, then it leaves without teaching the model a payment', async () => {
    const customer = await customerAfter([first, creditMemoIssued({ amount: 10_000 })]);
    expect(customer.open).toEqual([]);
    expect(customer.settled).toEqual([]);
    expect(customer.maxDaysLate).toBeNull();
  });

  it('given cash applied and then taken back, then the invoice is open again and no longer a settlement', async () => {
    const applied = await customerAfter([first, cashApplied()]);
    expect(applied.settled.map((fact) => fact.settledOn)).toEqual(['2024-02-05']);
    const reversed = await customerAfter([first, cashApplied(), cashUnapplied()]);
    expect(reversed.settled).toEqual([]);
    expect(reversed.open).toEqual([expect.objectContaining({ invoiceId: 'INV-1', balance: 10_000, paid: 0 })]);
  });

  it('given reminders, a dispute and a broken promise, then the open invoice carries them into its features and history', async () => {
    const customer = await customerAfter([
      first,
      reminderSent(),
      reminderSent({ reminderId: 'R-2', level: 2 }),
      disputeRaised(),
      promiseMade(),
      promiseBroken(),
    ]);
    expect(customer.open[0]).toMatchObject({ reminders: 2, disputed: true, openDisputes: 1 });
    expect(customer).toMatchObject({ promisesKept: 0, promisesBroken: 1, openPromises: [] });
  });

  it('given a payment recorded first and an event dated before it recorded later, then the predictions stay as of the later day, knowing the settlement', async () => {
    const lateReminder = reminderSent({ reminderId: 'R-9', invoiceIds: ['INV-2'], sentOn: '2024-03-12' });
    const customer = await customerAfter([first, second, paymentReceived({ receivedOn: '2024-03-20' }), lateReminder]);
    expect(customer.asOf).toBe('2024-03-20');
    expect(customer.settled.map((fact) => fact.settledOn)).toEqual(['2024-03-20']);
    const settledHistory = { settled: customer.settled, promisesKept: 0, promisesBroken: 0, channel: 'electronic' as const };
    const prediction = customer.open[0].prediction;
    expect(prediction).toEqual(predictPayment(settledHistory, { ...featuresOf(second), reminders: 1 }, '2024-03-20'));
    expect(prediction.predictedOn >= '2024-03-20').toBe(true);
  });

  it('given only events in business-date order, then each prediction is as of the latest event (no look-ahead)', async () => {
    const customer = await customerAfter([first, second, reminderSent({ reminderId: 'R-1', invoiceIds: ['INV-2'], sentOn: '2024-03-12' })]);
    expect(customer.asOf).toBe('2024-03-12');
    expect(customer.settled).toEqual([]);
  });
});

describe('the cash forecast from the predictions', () => {
  it('given a promise on part of an invoice, then the promise says when for its part and the prediction for the rest', async () => {
    const customer = await customerAfter([first, promiseMade({ amount: 4_000, promisedFor: '2024-02-28' })]);
    expect(forecastItemsOf(customer, 'EUR')).toEqual([
      { amount: 4_000, promisedOn: '2024-02-28' },
      { amount: 6_000, prediction: customer.open[0].prediction },
    ]);
    expect(forecastItemsOf(customer, 'USD')).toEqual([]);
  });

  it('given a payment plan in force, then its open installments say when, up to what is open', async () => {
    const customer = await customerAfter([first, paymentReceived({ amount: 2_000 }), paymentPlanAgreed()]);
    expect(forecastItemsOf(customer, 'EUR')).toEqual([
      { amount: 5_000, promisedOn: '2024-03-01' },
      { amount: 3_000, promisedOn: '2024-04-01' },
    ]);
  });

  it('given open invoices, then the weeks start on Mondays and, with what lies beyond them, add up to everything open', async () => {
    const collections = await project(paymentPredictionProjection, [
      first,
      second,
      promiseMade({ amount: 4_000, promisedFor: '2024-02-28' }),
    ]);
    const forecast = await queryCashForecast(await readStoreWith(collections), { from: '2024-02-14', weeks: 13, currency: 'EUR' });
    expect(forecast.weeks.map((week) => week.weekStart).slice(0, 3)).toEqual(['2024-02-12', '2024-02-19', '2024-02-26']);
    expect(forecast.weeks).toHaveLength(13);
    expect(forecast.weeks.reduce((sum, week) => sum + week.expected, 0) + forecast.beyond).toBe(16_000);
    expect(forecast.weeks[2].expected).toBeGreaterThanOrEqual(4_000); // the promise's week
    for (const week of forecast.weeks) expect(week.low <= week.expected && week.expected <= week.high).toBe(true);
  });

  it('finds the Monday of any day', () => {
    expect(['2024-03-04', '2024-03-06', '2024-03-10'].map(mondayOf)).toEqual(['2024-03-04', '2024-03-04', '2024-03-04']);
    expect(mondayOf('2024-03-11')).toBe('2024-03-11');
  });
});

describe("the worklist's likely-late signal", () => {
  it('given a customer who has always paid weeks late, then its overdue item is likely late, says why, and ranks above an otherwise equal one', async () => {
    const habit = (n: number): CollectionEvent[] => {
      const issuedOn = addDays('2023-01-02', 30 * n);
      const dueOn = addDays(issuedOn, 30);
      return [
        invoiceRegistered({ invoiceId: `OLD-${n}`, amount: 1_000, issuedOn, dueOn }),
        paymentReceived({ paymentId: `P-${n}`, invoiceId: `OLD-${n}`, amount: 1_000, receivedOn: addDays(dueOn, 45) }),
      ];
    };
    const stored = (customerId: string, events: CollectionEvent[], from: number) =>
      events.map((event, index) => storedEvent(event, { customerId, position: from + index }));
    const events = [
      ...stored('C-LATE', [...[0, 1, 2, 3, 4].flatMap(habit), first, collectorAssigned()], 1),
      ...stored('C-NEW', [first, collectorAssigned()], 100),
    ];
    const collections = await project(worklistProjection, events);
    await project(paymentPredictionProjection, events, collections);
    const items = await sortedWorklist(await readStoreWith(collections), { collectorId: 'alice', today: '2024-02-19' });
    const late = items.find((item) => item.customerId === 'C-LATE');
    const fresh = items.find((item) => item.customerId === 'C-NEW');
    expect(late).toMatchObject({
      likelyLate: true,
      likelyLateInvoices: [expect.objectContaining({ invoiceId: 'INV-1', dueOn: '2024-02-09' })],
    });
    expect(late?.likelyLateInvoices[0].daysLate).toBeGreaterThan(LIKELY_LATE_DAYS);
    expect(fresh).toMatchObject({ likelyLate: false, likelyLateInvoices: [] });
    expect(late?.priority).toBe((fresh?.priority ?? 0) + 10);
    expect(items.map((item) => item.customerId)).toEqual(['C-LATE', 'C-NEW']);

    // Asked for a whole book's customers (read by their lateness, not by id), the same answer.
    const readStore = await readStoreWith(collections);
    const book = ['C-LATE', 'C-NEW', ...Array.from({ length: 10_000 }, (_, i) => `C-ELSEWHERE-${i}`)];
    const ofBook = await likelyLateInvoicesOf(readStore, book);
    expect(ofBook).toEqual(await likelyLateInvoicesOf(readStore, ['C-LATE', 'C-NEW']));
    expect([...ofBook.keys()]).toEqual(['C-LATE']);
  });
});

function featuresOf(event: CollectionEvent) {
  if (event.type !== 'InvoiceRegistered') throw new Error('an invoice is registered');
  const { invoiceId, currency, amount, issuedOn, dueOn } = event.data;
  return { invoiceId, currency, amount, issuedOn, dueOn, disputed: false, reminders: 0 };
}
