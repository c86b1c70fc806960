import { CollectionEvent } from '@collections/domain';
import {
  agencyRecallMade,
  cashApplied,
  cashUnapplied,
  collectorAssigned,
  customerReplied,
  disputeRaised,
  freshLinkRequested,
  disputeResolved,
  installmentMissed,
  invoiceRegistered,
  legalActionInitiated,
  paymentPlanAgreed,
  paymentReceived,
  promiseBroken,
  promiseKept,
  promiseMade,
  referredToAgency,
  replyHandled,
  unappliedCashReceived,
  unappliedCashRefunded,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { priorityOf, segmentOf, sortedWorklist, worklistItems } from './worklist';
import { WORKLIST_ACCOUNTS, WORKLIST_CASH_SETTLED, WorklistAccountDocument, worklistProjection } from './worklist.projection';

/** Given events, when the list is asked for on `today`, then these items. */
async function itemsAfter(events: CollectionEvent[], today: string, overdueAr = 100_000) {
  const collections = await project(worklistProjection, events);
  const account = collections.get(WORKLIST_ACCOUNTS)?.get('C-1') as WorklistAccountDocument;
  return worklistItems(account, today, new Map([['EUR', overdueAr]]));
}

describe('the worklist', () => {
  const invoice = invoiceRegistered(); // INV-1, 10,000 EUR, due 2024-02-09
  const later = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-03-20' });

  it('shows nothing before the due date and a call once overdue', async () => {
    expect(await itemsAfter([invoice], '2024-02-09')).toEqual([]);
    expect(await itemsAfter([invoice, collectorAssigned()], '2024-02-19')).toEqual([
      expect.objectContaining({
        customerId: 'C-1',
        currency: 'EUR',
        invoiceIds: ['INV-1'],
        balance: 10_000,
        daysOverdue: 10,
        state: 'call_now',
        nextAction: 'call',
        nextActionOn: '2024-02-19',
        brokenPromises: 0,
      }),
    ]);
  });

  it('lists only the overdue invoices and their open balance', async () => {
    const [item] = await itemsAfter([invoice, later, paymentReceived({ amount: 4_000 })], '2024-02-19');
    expect(item).toMatchObject({ invoiceIds: ['INV-1'], balance: 6_000 });
  });

  it('drops a paid invoice at once', async () => {
    expect(await itemsAfter([invoice, paymentReceived({ amount: 10_000 })], '2024-02-19')).toEqual([]);
  });

  it('drops a written-off invoice', async () => {
    expect(await itemsAfter([invoice, writtenOff()], '2024-06-19')).toEqual([]);
  });

  it('hides a promised item until the promised date has passed', async () => {
    const promised = [invoice, promiseMade({ promisedFor: '2024-02-28' })];
    expect(await itemsAfter(promised, '2024-02-20')).toEqual([
      expect.objectContaining({ state: 'promised', nextAction: 'check_promise', nextActionOn: '2024-02-29' }),
    ]);
    expect(await itemsAfter(promised, '2024-02-28')).toEqual([expect.objectContaining({ state: 'promised' })]);
    expect(await itemsAfter(promised, '2024-02-29')).toEqual([expect.objectContaining({ state: 'call_now' })]);
    expect(await itemsAfter([...promised, promiseKept()], '2024-02-20')).toEqual([expect.objectContaining({ state: 'call_now' })]);
  });

  it('raises the priority after a broken promise', async () => {
    const [before] = await itemsAfter([invoice, promiseMade()], '2024-03-01');
    const [after] = await itemsAfter([invoice, promiseMade(), promiseBroken()], '2024-03-01');
    expect(after).toMatchObject({ state: 'call_now', brokenPromises: 1 });
    expect(after.priority).toBeGreaterThan(before.priority);
  });

  it('shows disputed items as disputed until the dispute is resolved', async () => {
    const disputed = [invoice, disputeRaised()];
    expect(await itemsAfter(disputed, '2024-02-19')).toEqual([
      expect.objectContaining({ state: 'disputed', nextAction: 'resolve_dispute' }),
    ]);
    expect(await itemsAfter([...disputed, disputeResolved()], '2024-02-19')).toEqual([expect.objectContaining({ state: 'call_now' })]);
  });

  it('shows items on a current plan as such, and calls again once an installment is missed', async () => {
    const plan = [invoice, paymentPlanAgreed()];
    expect(await itemsAfter(plan, '2024-02-25')).toEqual([
      expect.objectContaining({ state: 'payment_plan', nextAction: 'check_installment', nextActionOn: '2024-03-01' }),
    ]);
    expect(await itemsAfter([...plan, installmentMissed()], '2024-03-05')).toEqual([expect.objectContaining({ state: 'call_now' })]);
  });

  it('moves items referred to an agency or taken to court out of the call list', async () => {
    expect(await itemsAfter([invoice, referredToAgency()], '2024-04-19')).toEqual([
      expect.objectContaining({ state: 'with_agency', nextAction: 'await_agency', nextActionOn: null }),
    ]);
    expect(await itemsAfter([invoice, referredToAgency(), agencyRecallMade()], '2024-04-19')).toEqual([
      expect.objectContaining({ state: 'call_now' }),
    ]);
    expect(await itemsAfter([invoice, legalActionInitiated()], '2024-04-19')).toEqual([expect.objectContaining({ state: 'in_legal' })]);
  });

  it('calls when any overdue invoice is held back by nothing', async () => {
    const overdueLater = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-10' });
    expect(await itemsAfter([invoice, overdueLater, disputeRaised()], '2024-02-19')).toEqual([
      expect.objectContaining({ state: 'call_now', invoiceIds: ['INV-1', 'INV-2'], balance: 16_000 }),
    ]);
  });

  it('weighs balance, age, broken promises, share and likely late into a 0–100 priority', () => {
    expect(priorityOf(0, 0, 0, 0, false)).toBe(0);
    expect(priorityOf(100_000_000, 200, 3, 0.5, true)).toBe(100);
    // 30·log10(1+1000)/6 ≈ 15; 25·60/120 = 12.5; 15·1/2 = 7.5; 20·(0.02·10) = 4 → 39; likely late: +10
    expect(priorityOf(100_000, 60, 1, 0.02, false)).toBe(39);
    expect(priorityOf(100_000, 60, 1, 0.02, true)).toBe(49);
    expect(segmentOf(2_000_000, 0)).toBe('high');
    expect(segmentOf(50_000, 0.06)).toBe('high');
    expect(segmentOf(150_000, 0.01)).toBe('medium');
    expect(segmentOf(5_000, 0.01)).toBe('low');
  });

  describe('with cash on account', () => {
    const overdue = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-10' });
    // PAY-B1: 15,000 received 02-05, 10,000 of it applied to INV-1 that day (an overpayment of INV-1): 5,000 left.
    const overpaid = [invoice, overdue, unappliedCashReceived(), cashApplied()];

    it('given unapplied cash in the currency of an overdue item, then the cash is to be applied today instead of a call', async () => {
      expect(await itemsAfter(overpaid, '2024-02-19')).toEqual([
        expect.objectContaining({
          invoiceIds: ['INV-2'],
          balance: 6_000,
          state: 'cash_to_apply',
          nextAction: 'apply_cash',
          nextActionOn: '2024-02-19',
          unappliedCash: 5_000, // less than the 6,000 overdue: still applied first
        }),
      ]);
    });

    it('given the cash applied and the invoices paid, then the item leaves the list; applied in part, it is a call again', async () => {
      const applyRest = (amount: number) =>
        cashApplied({ applicationId: 'APP-2', allocations: [{ invoiceId: 'INV-2', amount }], appliedOn: '2024-02-19' });
      expect(await itemsAfter([...overpaid, applyRest(5_000)], '2024-02-19')).toEqual([
        expect.objectContaining({ invoiceIds: ['INV-2'], balance: 1_000, state: 'call_now', unappliedCash: 0 }),
      ]);
      const paid = [invoice, overdue, unappliedCashReceived({ amount: 16_000 }), cashApplied(), applyRest(6_000)];
      expect(await itemsAfter(paid, '2024-02-19')).toEqual([]);
    });

    it('given the unapplied cash refunded, or in another currency, then it is a call', async () => {
      expect(await itemsAfter([...overpaid, unappliedCashRefunded()], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'call_now', unappliedCash: 0 }),
      ]);
      const inUsd = [invoice, overdue, unappliedCashReceived({ currency: 'USD' })];
      expect(await itemsAfter(inUsd, '2024-02-19')).toEqual([expect.objectContaining({ state: 'call_now', unappliedCash: 0 })]);
    });

    it('given an item held back otherwise, then it keeps its hold', async () => {
      expect(await itemsAfter([...overpaid, disputeRaised({ invoiceId: 'INV-2', amount: 6_000 })], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'disputed', unappliedCash: 5_000 }),
      ]);
    });

    it('given an application reversed after it paid an invoice, then the invoice is back with what it reopened, and the cash to apply', async () => {
      const events = [invoice, unappliedCashReceived(), cashApplied(), cashUnapplied({ unappliedOn: '2024-02-12' })];
      expect(await itemsAfter(events.slice(0, 3), '2024-02-19')).toEqual([]);
      expect(await itemsAfter(events, '2024-02-19')).toEqual([
        expect.objectContaining({ invoiceIds: ['INV-1'], balance: 10_000, daysOverdue: 10, state: 'cash_to_apply', unappliedCash: 15_000 }),
      ]);
      const collections = await project(worklistProjection, events);
      expect(collections.get(WORKLIST_CASH_SETTLED)?.size ?? 0).toBe(0); // kept only while the invoice is off the list
    });

    it('given an application reversed on an invoice still open, then its balance grows back', async () => {
      const partly = cashApplied({ allocations: [{ invoiceId: 'INV-1', amount: 4_000 }] });
      const events = [invoice, unappliedCashReceived(), partly, cashUnapplied({ allocations: [{ invoiceId: 'INV-1', amount: 4_000 }] })];
      expect(await itemsAfter(events.slice(0, 3), '2024-02-19')).toEqual([
        expect.objectContaining({ balance: 6_000, unappliedCash: 11_000 }),
      ]);
      expect(await itemsAfter(events, '2024-02-19')).toEqual([expect.objectContaining({ balance: 10_000, unappliedCash: 15_000 })]);
    });
  });

  describe('with a reply waiting', () => {
    // M-1: a person's reply received 2024-02-15.
    const replied = [invoice, customerReplied()];

    it('given a reply from the customer, then the item is reply_waiting, to answer from the day it arrived', async () => {
      expect(await itemsAfter(replied, '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting', nextAction: 'answer_reply', nextActionOn: '2024-02-15' }),
      ]);
    });

    it('given the reply handled, then the item is what it was before: a call', async () => {
      expect(await itemsAfter([...replied, replyHandled()], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'call_now', nextAction: 'call', nextActionOn: '2024-02-19' }),
      ]);
    });

    it('given an automatic reply or a bounce, then nothing waits', async () => {
      const autoReply = customerReplied({ replyId: 'M-2', kind: 'auto_reply' });
      const bounce = customerReplied({ replyId: 'M-3', kind: 'bounce' });
      expect(await itemsAfter([invoice, autoReply, bounce], '2024-02-19')).toEqual([expect.objectContaining({ state: 'call_now' })]);
    });

    it('given a fresh-link request, then it waits like a reply until handled', async () => {
      const requested = [invoice, freshLinkRequested({ requestedOn: '2024-02-17' })];
      expect(await itemsAfter(requested, '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting', nextActionOn: '2024-02-17' }),
      ]);
      expect(await itemsAfter([...requested, replyHandled({ replyId: 'FL-1', handledOn: '2024-02-18' })], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'call_now' }),
      ]);
    });

    it('given two waiting, then it waits from the first and until both are handled', async () => {
      const second = customerReplied({ replyId: 'M-2', receivedOn: '2024-02-17', receivedAt: '2024-02-17T08:00:00.000Z' });
      expect(await itemsAfter([invoice, second, customerReplied()], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting', nextActionOn: '2024-02-15' }),
      ]);
      expect(await itemsAfter([invoice, second, customerReplied(), replyHandled()], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting', nextActionOn: '2024-02-17' }),
      ]);
    });

    it('given a promise, a dispute or cash to apply, then the reply still comes first', async () => {
      expect(await itemsAfter([...replied, promiseMade({ promisedFor: '2024-02-28' })], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting' }),
      ]);
      expect(await itemsAfter([...replied, disputeRaised()], '2024-02-19')).toEqual([expect.objectContaining({ state: 'reply_waiting' })]);
      expect(await itemsAfter([...replied, unappliedCashReceived({ amount: 5_000 })], '2024-02-19')).toEqual([
        expect.objectContaining({ state: 'reply_waiting', unappliedCash: 5_000 }),
      ]);
    });

    it('given the invoices with an agency or in court, then they keep that hold', async () => {
      expect(await itemsAfter([...replied, referredToAgency()], '2024-04-19')).toEqual([expect.objectContaining({ state: 'with_agency' })]);
      expect(await itemsAfter([...replied, legalActionInitiated()], '2024-04-19')).toEqual([
        expect.objectContaining({ state: 'in_legal' }),
      ]);
    });

    it('given a waiting reply on a small account, then it is listed before a larger call', async () => {
      const stored = (customerId: string, events: CollectionEvent[], from: number) =>
        events.map((event, index) => storedEvent(event, { customerId, position: from + index }));
      const collections = await project(worklistProjection, [
        ...stored('C-1', [invoiceRegistered({ amount: 1_000 }), customerReplied(), collectorAssigned()], 1),
        ...stored('C-2', [invoiceRegistered({ amount: 9_000_000 }), collectorAssigned(), promiseMade(), promiseBroken()], 10),
      ]);
      const items = await sortedWorklist(await readStoreWith(collections), { collectorId: 'alice', today: '2024-03-01' });
      expect(items.map(({ customerId, state }) => [customerId, state])).toEqual([
        ['C-1', 'reply_waiting'],
        ['C-2', 'call_now'],
      ]);
      expect(items[0].priority).toBeLessThan(items[1].priority);
    });
  });
});
