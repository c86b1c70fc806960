import { ActiveAccount, put, settle, update, withId } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import { knownInvoice, openInvoices, requireCurrency, requireNewId, requireNotBefore, requirePositive } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, formatMoney } from '../../money';
import { acceptProposal, pendingProposal } from './escalation';

/**
 * Closing: the remaining balance is written off (step 10), whatever comes in afterwards is a
 * recovery, and a post-mortem records the root cause of the bad debt and its action items
 * (step 11). What leads here (agency, legal action, proposals) is in escalation.ts.
 */

// Events

// Step 10: write-off and what is recovered afterwards
export interface WrittenOffInvoice {
  invoiceId: string;
  /** The balance written off: all that was open on the invoice. */
  amount: number;
  currency: CurrencyCode;
}
export type WrittenOff = Event<
  'WrittenOff',
  {
    writeOffId: string;
    invoices: WrittenOffInvoice[];
    reason: string;
    writtenOffOn: BusinessDate;
    /** The write-off proposal this accepts, when a manager accepted one. */
    proposalId?: string;
  }
>;
export type RecoveryReceived = Event<
  'RecoveryReceived',
  { recoveryId: string; invoiceId: string; amount: number; currency: CurrencyCode; receivedOn: BusinessDate }
>;

// Step 11: post-mortem
export const ROOT_CAUSES = [
  'customer_insolvency',
  'credit_risk_misjudged',
  'billing_error',
  'product_or_service_failure',
  'late_collection_action',
  'fraud',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];
export interface ActionItem {
  description: string;
  owner: string;
  dueOn: BusinessDate;
}
export type PostMortemRecorded = Event<
  'PostMortemRecorded',
  {
    postMortemId: string;
    rootCause: RootCause;
    summary: string;
    actionItems: ActionItem[];
    recordedOn: BusinessDate;
  }
>;

/** The events this step records. */
export type ClosingEvent = WrittenOff | RecoveryReceived | PostMortemRecorded;

// Commands

export type WriteOff = Command<
  'WriteOff',
  { writeOffId: string; invoiceIds: string[]; reason: string; writtenOffOn: BusinessDate; proposalId?: string }
>;
export type ReceiveRecovery = Command<'ReceiveRecovery', RecoveryReceived['data']>;
export type RecordPostMortem = Command<'RecordPostMortem', PostMortemRecorded['data']>;

/** The commands this step decides. */
export type ClosingCommand = WriteOff | ReceiveRecovery | RecordPostMortem;

// State

export interface WriteOffState {
  writeOffId: string;
  invoiceIds: readonly string[];
  writtenOffOn: BusinessDate;
}

export interface PostMortemState {
  postMortemId: string;
  rootCause: RootCause;
  recordedOn: BusinessDate;
}

// Decide

export function writeOff(command: WriteOff, account: ActiveAccount): WrittenOff[] {
  const { writeOffId, invoiceIds, reason, writtenOffOn, proposalId } = command.data;
  if (account.writeOffs.has(writeOffId)) {
    throw new DomainError('duplicate-id', `Write-off ${writeOffId} already exists`);
  }
  if (proposalId !== undefined) pendingProposal(account, proposalId, 'write_off', writtenOffOn);
  // A write-off covers exactly the open balance: never more, so no balance goes below zero.
  const invoices = openInvoices(account, invoiceIds, 'write off', writtenOffOn).map(({ invoiceId, balance, currency }) => ({
    invoiceId,
    amount: balance,
    currency,
  }));
  // Only a write-off that accepts a proposal names one: the stored event stays as before otherwise.
  const accepts = proposalId === undefined ? {} : { proposalId };
  return [{ type: 'WrittenOff', data: { writeOffId, invoices, reason, writtenOffOn, ...accepts } }];
}

export function receiveRecovery(command: ReceiveRecovery, account: ActiveAccount): RecoveryReceived[] {
  const { recoveryId, invoiceId, amount, currency, receivedOn } = command.data;
  requireNewId(account, 'recovery', recoveryId);
  const invoice = knownInvoice(account, invoiceId);
  if (invoice.writtenOff === 0) {
    throw new DomainError('invoice-not-written-off', `Invoice ${invoiceId} was not written off: record a payment instead`);
  }
  requireCurrency(invoice, currency);
  requirePositive(amount, 'A recovery');
  const recoverable = invoice.writtenOff - invoice.recovered;
  if (amount > recoverable) {
    throw new DomainError(
      'amount-exceeds-balance',
      `Recovery ${recoveryId} of ${formatMoney(amount, currency)} exceeds the ${formatMoney(recoverable, currency)} written off and not yet recovered on invoice ${invoiceId}`,
    );
  }
  const lastWriteOff = [...account.writeOffs.values()].filter((w) => w.invoiceIds.includes(invoiceId)).pop();
  if (lastWriteOff) {
    requireNotBefore(receivedOn, lastWriteOff.writtenOffOn, `Recovery ${recoveryId} is dated before invoice ${invoiceId} was written off`);
  }
  return [{ type: 'RecoveryReceived', data: command.data }];
}

export function recordPostMortem(command: RecordPostMortem, account: ActiveAccount): PostMortemRecorded[] {
  const { postMortemId, actionItems, recordedOn } = command.data;
  if (account.postMortems.has(postMortemId)) {
    throw new DomainError('duplicate-id', `Post-mortem ${postMortemId} already exists`);
  }
  const writeOffDates = [...account.writeOffs.values()].map((writeOff) => writeOff.writtenOffOn).sort();
  if (writeOffDates.length === 0) {
    throw new DomainError('nothing-written-off', 'A post-mortem reviews a bad debt: nothing on this account was written off');
  }
  requireNotBefore(recordedOn, writeOffDates[0], `A post-mortem cannot precede the first write-off on ${writeOffDates[0]}`);
  const early = actionItems.find((item) => item.dueOn < recordedOn);
  if (early) {
    throw new DomainError(
      'invalid-date',
      `Action item "${early.description}" is due on ${early.dueOn}, before the post-mortem on ${recordedOn}`,
    );
  }
  return [{ type: 'PostMortemRecorded', data: command.data }];
}

// Evolve

export function writtenOff(account: ActiveAccount, event: WrittenOff): ActiveAccount {
  let invoices = account.invoices;
  for (const { invoiceId, amount } of event.data.invoices) {
    invoices = update(invoices, invoiceId, (invoice) => settle(invoice, { writtenOff: invoice.writtenOff + amount }));
  }
  const { writeOffId, writtenOffOn } = event.data;
  const invoiceIds = event.data.invoices.map((invoice) => invoice.invoiceId);
  // A plan whose invoices are written off has failed: nothing more is due under it.
  let paymentPlans = account.paymentPlans;
  for (const plan of account.paymentPlans.values()) {
    if (plan.status === 'current' && plan.invoiceIds.some((id) => invoiceIds.includes(id))) {
      paymentPlans = put(paymentPlans, plan.planId, { ...plan, status: 'defaulted' });
    }
  }
  return {
    ...account,
    invoices,
    paymentPlans,
    writeOffs: put(account.writeOffs, writeOffId, { writeOffId, invoiceIds, writtenOffOn }),
    escalationProposals: acceptProposal(account, event.data.proposalId),
  };
}

export function recoveryReceived(account: ActiveAccount, event: RecoveryReceived): ActiveAccount {
  const { recoveryId, invoiceId, amount } = event.data;
  return {
    ...account,
    invoices: update(account.invoices, invoiceId, (invoice) => ({ ...invoice, recovered: invoice.recovered + amount })),
    usedIds: withId(account, 'recovery', recoveryId),
  };
}

export function postMortemRecorded(account: ActiveAccount, event: PostMortemRecorded): ActiveAccount {
  const { postMortemId, rootCause, recordedOn } = event.data;
  return { ...account, postMortems: put(account.postMortems, postMortemId, { postMortemId, rootCause, recordedOn }) };
}

// The step as decide, evolve and occurredOn dispatch to it

export const closing = procedureStep<ClosingCommand, ClosingEvent>({
  decide: { WriteOff: writeOff, ReceiveRecovery: receiveRecovery, RecordPostMortem: recordPostMortem },
  evolve: { WrittenOff: writtenOff, RecoveryReceived: recoveryReceived, PostMortemRecorded: postMortemRecorded },
  occurredOn: { WrittenOff: 'writtenOffOn', RecoveryReceived: 'receivedOn', PostMortemRecorded: 'recordedOn' },
});
