import type { components } from '@collections/api-client';
import { formatMoney } from './format';

export type HistoryEntry = components['schemas']['HistoryEntry'];

/** The event type's name in words: `PromiseMade` → `Promise made`. */
export function typeInWords(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);
}

/** Data fields as the events store them: read defensively, older shapes included. */
function text(data: Record<string, unknown>, field: string): string | undefined {
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
}
function amount(data: Record<string, unknown>, field = 'amount'): string | undefined {
  const value = data[field];
  const currency = text(data, 'currency');
  return typeof value === 'number' && currency ? formatMoney(value, currency) : undefined;
}

/** Cash spread over invoices, as stored (`allocations`): `INV-1 €100.00, INV-2 €60.00`. */
function allocations(data: Record<string, unknown>): string {
  const currency = text(data, 'currency');
  const list = Array.isArray(data.allocations) ? (data.allocations as { invoiceId?: unknown; amount?: unknown }[]) : [];
  return list
    .map(({ invoiceId, amount }) => `${String(invoiceId)} ${typeof amount === 'number' && currency ? formatMoney(amount, currency) : '?'}`)
    .join(', ');
}

/**
 * What an event says, in a sentence a person reads ("Promise of €600.00 for 2024-03-12 made").
 * Types without a sentence of their own are named in words; the type itself stays beside it.
 */
export function describeEvent({ type, data }: HistoryEntry): string {
  switch (type) {
    case 'InvoiceRegistered':
      return `Invoice ${text(data, 'invoiceId')} of ${amount(data)} registered, due ${text(data, 'dueOn')}`;
    case 'PaymentReceived':
      return `Payment of ${amount(data)} received for invoice ${text(data, 'invoiceId')}`;
    case 'UnappliedCashReceived': {
      const payer = (data.payer ?? {}) as { name?: unknown };
      return `${amount(data)} received on account${typeof payer.name === 'string' ? ` from ${payer.name}` : ''}, not yet applied`;
    }
    case 'CashApplied':
      return `Cash applied (${text(data, 'rule')}): ${allocations(data)}`;
    case 'CashUnapplied':
      return `Cash application ${text(data, 'applicationId')} reversed, ${allocations(data)} owed again: ${text(data, 'reason')}`;
    case 'UnappliedCashRefunded':
      return `${amount(data)} of unapplied cash refunded: ${text(data, 'reason')}`;
    case 'PayerAccountRecorded':
      return `Pays from ${text(data, 'account')}`;
    case 'CollectorAssigned':
      return `Assigned to collector ${text(data, 'collectorId')}`;
    case 'ContactLogged':
      return `Call or contact with ${text(data, 'person')} by ${text(data, 'channel')}: ${(text(data, 'outcome') ?? '').replace(/_/g, ' ')}`;
    case 'PromiseMade':
      return `Promise of ${amount(data)} for ${text(data, 'promisedFor')} made`;
    case 'DisputeRaised':
      return `Dispute of ${amount(data)} raised on invoice ${text(data, 'invoiceId')} (${(text(data, 'category') ?? '').replace(/_/g, ' ')})`;
    case 'ReminderSent':
      return `Reminder of level ${String(data.level)} sent by ${text(data, 'channel')}`;
    case 'EscalationDeclined':
      return `Escalation proposal ${text(data, 'proposalId')} declined: ${text(data, 'reason')}`;
    default:
      return typeInWords(type);
  }
}
