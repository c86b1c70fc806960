import { addDays } from '@collections/domain';
import { DEDUCTION_PROGRAMME, DISPUTE_CATEGORIES_SIMULATED, DISPUTE_DESCRIPTIONS } from '../profiles';
import type { CustomerDay } from './customer-day';
import { payOnSchedule } from './payers';

// Disputes and deductions (step 2 and the complaints loop).

export function dispute(day: CustomerDay): void {
  const disputed = day.plan.disputed;
  if (disputed === undefined) {
    payOnSchedule(day);
    return;
  }
  const { invoiceId, kind } = disputed;
  const disputeId = `${invoiceId}-${kind === 'dispute' ? 'DSP' : 'DED'}`;
  const key = [day.id, disputeId];
  const existing = day.account.disputes.get(disputeId);
  // The collector resolves it, with a credit memo or not; then the customer pays what is left.
  if (existing?.status === 'open' && day.date >= addDays(existing.raisedOn, day.draws.int([...key, 'days-to-resolve'], 20, 60))) {
    const balance = day.invoice(invoiceId)?.balance ?? 0;
    const credited = day.draws.chance([...key, 'credited'], existing.kind === 'deduction' ? 0.8 : 0.6);
    const whole = day.draws.chance([...key, 'credit-whole'], 0.7);
    const amount = Math.min(
      balance,
      whole ? existing.amount : Math.max(1, Math.round(existing.amount * day.draws.between([...key, 'credit-part'], 0.5, 0.9))),
    );
    day.emit('collector', disputeId, {
      type: 'ResolveDispute',
      data:
        credited && amount > 0
          ? {
              disputeId,
              resolution: 'credit_issued',
              resolvedOn: day.date,
              note: 'Claim upheld',
              credit: { creditMemoId: `${disputeId}-CM`, amount },
            }
          : { disputeId, resolution: 'customer_liable', resolvedOn: day.date, note: 'Claim not upheld' },
    });
  } else if (existing?.status === 'resolved' && existing.resolvedOn !== undefined) {
    const balance = day.invoice(invoiceId)?.balance ?? 0;
    if (balance > 0 && day.date >= addDays(existing.resolvedOn, day.draws.int([...key, 'pays-after'], 3, 15))) day.pay(invoiceId, balance);
  } else if (existing === undefined) {
    raise(day, disputed.kind, invoiceId, disputeId);
  }
  payOnSchedule(day, invoiceId);
}

function raise(day: CustomerDay, kind: 'dispute' | 'deduction', invoiceId: string, disputeId: string): void {
  const invoice = day.invoice(invoiceId);
  const planned = day.plan.invoicePlans.get(invoiceId);
  if (invoice === undefined || invoice.balance === 0 || planned === undefined) return;
  const key = [day.id, disputeId];
  const { currency } = invoice;
  if (kind === 'deduction') {
    // Paid short on the usual day, the remittance advice claiming a deduction.
    if (planned.payOn === undefined || day.date < planned.payOn) return;
    const amount = Math.min(invoice.balance, Math.max(1, Math.round(invoice.amount * day.draws.between([...key, 'share'], 0.05, 0.15))));
    day.emit('integration', disputeId, {
      type: 'ClaimDeduction',
      data: { deductionId: disputeId, invoiceId, amount, currency, programme: DEDUCTION_PROGRAMME, claimedOn: day.date },
    });
    day.pay(invoiceId, invoice.balance - amount);
    return;
  }
  if (day.date < addDays(invoice.dueOn, day.draws.int([...key, 'days-after-due'], 2, 10))) return;
  const whole = day.draws.chance([...key, 'whole'], 0.5);
  const amount = whole ? invoice.balance : Math.max(1, Math.round(invoice.balance * day.draws.between([...key, 'share'], 0.2, 0.6)));
  const category = day.draws.pick([...key, 'category'], DISPUTE_CATEGORIES_SIMULATED);
  day.emit('collector', disputeId, {
    type: 'RaiseDispute',
    data: { disputeId, invoiceId, amount, currency, category, description: DISPUTE_DESCRIPTIONS[category], raisedOn: day.date },
  });
  // A partial dispute: the customer pays the part it does not contest at once.
  day.pay(invoiceId, invoice.balance - amount);
}
