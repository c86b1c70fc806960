import { InvoiceState, addDays } from '@collections/domain';
import type { CustomerDay } from './customer-day';
import { byDueDate } from './ordering';

// Integration and manager: the invoice of the day, and the collector. Then the payers.

/** The ledger registers the invoice issued today, unless the account is on credit hold (no deliveries). */
export function registerInvoice(day: CustomerDay): void {
  const invoice = day.plan.issuedOn.get(day.date);
  if (invoice === undefined) return;
  if (day.state.status === 'active' && (day.state.creditHold !== undefined || day.state.invoices.has(invoice.invoiceId))) return;
  const { invoiceId, amount, currency, issuedOn, dueOn } = invoice;
  day.emit('integration', invoiceId, { type: 'RegisterInvoice', data: { invoiceId, amount, currency, issuedOn, dueOn } });
}

export function assignCollector(day: CustomerDay): void {
  if (day.account.collectorId !== undefined) return;
  day.emit('manager', day.id, { type: 'AssignCollector', data: { collectorId: day.plan.collectorId, assignedOn: day.date } });
}

/** on_time, late_payer (and a disputer's other invoices): each invoice in full on its drawn day. */
export function payOnSchedule(day: CustomerDay, except?: string): void {
  const due: InvoiceState[] = [];
  for (const invoice of day.account.invoices.values()) {
    if (invoice.balance === 0 || invoice.invoiceId === except) continue;
    const payOn = day.plan.invoicePlans.get(invoice.invoiceId)?.payOn;
    if (payOn !== undefined && day.date >= payOn) due.push(invoice);
  }
  for (const invoice of due.sort(byDueDate)) day.pay(invoice.invoiceId, invoice.balance);
}

/** Pays an invoice a few days after its dunning level reaches the drawn level. */
export function payAfterReminder(day: CustomerDay): void {
  const due: InvoiceState[] = [];
  for (const [invoiceId, dunning] of day.account.dunning) {
    const invoice = day.invoice(invoiceId);
    const planned = day.plan.invoicePlans.get(invoiceId);
    if (invoice === undefined || invoice.balance === 0 || planned?.payAfterLevel === undefined || dunning.level < planned.payAfterLevel)
      continue;
    const remindedOn = dunning.lastReminderOn ?? invoice.dueOn;
    if (day.date >= addDays(remindedOn, planned.payAfterDays ?? 1)) due.push(invoice);
  }
  for (const invoice of due.sort(byDueDate)) day.pay(invoice.invoiceId, invoice.balance);
}
