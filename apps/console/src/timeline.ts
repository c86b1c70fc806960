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

/** A list of invoice ids as stored (`invoiceIds`), or undefined when there is none. */
function invoices(data: Record<string, unknown>): string | undefined {
  const list = Array.isArray(data.invoiceIds) ? data.invoiceIds.map(String) : [];
  return list.length > 0 ? list.join(', ') : undefined;
}

/** A message that came back to a letter, by kind: a person's reply, an automatic reply, a bounce. */
function describeReply(data: Record<string, unknown>): string {
  const from = text(data, 'from');
  const subject = text(data, 'subject');
  switch (text(data, 'kind')) {
    case 'auto_reply':
      return `Automatic reply from ${from}: “${subject}” (pauses nothing)`;
    case 'bounce':
      return `Letter bounced: “${subject}” from ${from}, delivery failed`;
    default:
      return `Reply from ${from}: “${subject}”`;
  }
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
    case 'DisputeAssigned': {
      const owner = [text(data, 'ownerTeam'), text(data, 'ownerId')].filter(Boolean).join(', ');
      return `Dispute ${text(data, 'disputeId')} on invoice ${text(data, 'invoiceId')} assigned to ${owner}, to answer by ${text(data, 'targetOn')}`;
    }
    case 'DisputeOwnerReminded':
      return `Reminder to ${text(data, 'ownerId') ?? text(data, 'ownerTeam')}: dispute ${text(data, 'disputeId')} on invoice ${text(data, 'invoiceId')} is past its target of ${text(data, 'targetOn')}`;
    case 'PaymentReported': {
      const reference = text(data, 'reference');
      const paidFor = invoices(data);
      return `Payment of ${amount(data)} made on ${text(data, 'paidOn')} reported${paidFor ? ` for ${paidFor}` : ''}${reference ? `, reference ${reference}` : ''}`;
    }
    case 'CustomerReplied':
      return describeReply(data);
    case 'ReplyHandled': {
      const note = text(data, 'note');
      return `Reply ${text(data, 'replyId')} handled${note ? `: ${note}` : ''}`;
    }
    case 'FreshLinkRequested':
      return `Asked for a new link (the link of letter ${text(data, 'letterId')} no longer opened)`;
    case 'CustomerLinkRevoked': {
      const reason = text(data, 'reason');
      return `Link of letter ${text(data, 'letterId')} revoked${reason ? `: ${reason}` : ''}`;
    }
    case 'EscalationDeclined':
      return `Escalation proposal ${text(data, 'proposalId')} declined: ${text(data, 'reason')}`;
    default:
      return typeInWords(type);
  }
}
