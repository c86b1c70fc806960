import { CollectionEvent } from '@collections/domain';
import {
  agencyRecallMade,
  cashApplied,
  cashUnapplied,
  collectorAssigned,
  disputeRaised,
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
  unappliedCashReceived,
  unappliedCashRefunded,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { project } from '../testing/project';
import { priorityOf, segmentOf, worklistItems } from './worklist';
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

  it('weighs balance, age, broken promises and share into a 0–100 priority', () => {
    expect(priorityOf(0, 0, 0, 0)).toBe(0);
    expect(priorityOf(100_000_000, 200, 3, 0.5)).toBe(100);
    // 35·log10(1+1000)/6 ≈ 17.5; 25·60/120 = 12.5; 15·1/2 = 7.5; 25·(0.02·10) = 5 → 42.5
    expect(priorityOf(100_000, 60, 1, 0.02)).toBe(42.5);
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
});
