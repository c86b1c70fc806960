import { ActiveAccount, put, update, withId } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import { knownInvoice, requireCurrency, requireNewId, requireNotBefore, requirePositive } from '../../guards';
import type { Command, Event } from '../../message';
import { CurrencyCode } from '../../money';
import { procedureStep } from '../../procedure-step';

/**
 * The customer's side of the conversation. Every letter carries a link to a page where the
 * customer promises a date (the collectors' `MakePromise`), disputes an invoice (`RaiseDispute`)
 * or reports a payment made (here); every letter has a reply address, and what comes back is
 * recorded here until a collector has handled it. A manager can revoke a letter's link, and a
 * customer whose link no longer works can ask for a fresh one.
 */

// Events

/** The customer says it paid: a hint for cash application, and a pause in dunning while the money is looked for. */
export type PaymentReported = Event<
  'PaymentReported',
  {
    reportId: string;
    /** The invoices it says it paid; empty when it named none. */
    invoiceIds: string[];
    amount: number;
    currency: CurrencyCode;
    /** The day it says it paid. */
    paidOn: BusinessDate;
    /** The payment reference it gave, to find the money in a bank statement. */
    reference?: string;
    reportedOn: BusinessDate;
  }
>;

/**
 * A message that came back to a letter: a person's reply, an automatic reply (out of office,
 * vacation) or a bounce (a delivery status notification). Only a person's reply waits for a
 * collector; the others are recorded and pause nothing.
 */
export const REPLY_KINDS = ['reply', 'auto_reply', 'bounce'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export interface ReplyAttachment {
  name: string;
  /** Bytes. */
  size: number;
  contentType?: string;
}

export type CustomerReplied = Event<
  'CustomerReplied',
  {
    replyId: string;
    kind: ReplyKind;
    /** The letter it answers, when its address or headers name one. */
    letterId?: string;
    from: string;
    subject: string;
    /** When the message arrived (ISO 8601 instant). */
    receivedAt: string;
    receivedOn: BusinessDate;
    attachments: ReplyAttachment[];
    /** The message's text, for staff: never published to the feed. */
    text: string;
  }
>;

export type ReplyHandled = Event<'ReplyHandled', { replyId: string; handledOn: BusinessDate; note?: string }>;

/** A customer opened a link that no longer works and asked for a fresh one: the collector is told. */
export type FreshLinkRequested = Event<'FreshLinkRequested', { requestId: string; letterId: string; requestedOn: BusinessDate }>;

/** The link of a letter no longer opens the customer's page, whatever its expiry. */
export type CustomerLinkRevoked = Event<'CustomerLinkRevoked', { letterId: string; revokedOn: BusinessDate; reason?: string }>;

/** The events this step records. */
export type CustomerConversationEvent = PaymentReported | CustomerReplied | ReplyHandled | FreshLinkRequested | CustomerLinkRevoked;

// Commands

export type ReportPayment = Command<'ReportPayment', PaymentReported['data']>;
export type RecordReply = Command<'RecordReply', CustomerReplied['data']>;
/** Handles a waiting reply or fresh-link request (both are messages waiting for a collector). */
export type HandleReply = Command<'HandleReply', ReplyHandled['data']>;
export type RequestFreshLink = Command<'RequestFreshLink', FreshLinkRequested['data']>;
export type RevokeCustomerLink = Command<'RevokeCustomerLink', CustomerLinkRevoked['data']>;

/** The commands this step decides. */
export type CustomerConversationCommand = ReportPayment | RecordReply | HandleReply | RequestFreshLink | RevokeCustomerLink;

// State

/** A reply or a fresh-link request: waiting for a collector until handled; automatic replies never wait. */
export interface CustomerMessageState {
  messageId: string;
  kind: ReplyKind | 'link_request';
  letterId?: string;
  receivedOn: BusinessDate;
  status: 'waiting' | 'handled' | 'recorded';
  handledOn?: BusinessDate;
}

export interface PaymentReportState {
  reportId: string;
  invoiceIds: readonly string[];
  amount: number;
  currency: CurrencyCode;
  paidOn: BusinessDate;
  reference?: string;
  reportedOn: BusinessDate;
}

export interface CustomerConversationState {
  messages: ReadonlyMap<string, CustomerMessageState>;
  paymentReports: ReadonlyMap<string, PaymentReportState>;
  /** The letters whose links were revoked. */
  revokedLinks: ReadonlySet<string>;
}

/** The messages a collector has still to handle. */
export const waitingMessagesOf = (account: ActiveAccount): CustomerMessageState[] =>
  [...account.messages.values()].filter((message) => message.status === 'waiting');

// Decide

export function reportPayment(command: ReportPayment, account: ActiveAccount): PaymentReported[] {
  const { reportId, invoiceIds, amount, currency, paidOn, reportedOn } = command.data;
  requireNewId(account, 'payment-report', reportId);
  requirePositive(amount, 'A reported payment');
  requireNotBefore(reportedOn, paidOn, `A payment paid on ${paidOn} cannot be reported on ${reportedOn}, before it was made`);
  for (const invoiceId of invoiceIds) requireCurrency(knownInvoice(account, invoiceId), currency);
  return [{ type: 'PaymentReported', data: command.data }];
}

export function recordReply(command: RecordReply, account: ActiveAccount): CustomerReplied[] {
  requireNewMessage(account, command.data.replyId);
  return [{ type: 'CustomerReplied', data: command.data }];
}

export function handleReply(command: HandleReply, account: ActiveAccount): ReplyHandled[] {
  const { replyId, handledOn } = command.data;
  const message = account.messages.get(replyId);
  if (message === undefined) throw new DomainError('reply-not-found', `There is no reply or link request ${replyId}`);
  if (message.status !== 'waiting') {
    throw new DomainError(
      'reply-not-waiting',
      message.status === 'handled'
        ? `Reply ${replyId} was already handled on ${message.handledOn}`
        : `Reply ${replyId} is an automatic message (${message.kind}): nothing waits for it`,
    );
  }
  requireNotBefore(handledOn, message.receivedOn, `Reply ${replyId} cannot be handled before it arrived on ${message.receivedOn}`);
  return [{ type: 'ReplyHandled', data: command.data }];
}

export function requestFreshLink(command: RequestFreshLink, account: ActiveAccount): FreshLinkRequested[] {
  requireNewMessage(account, command.data.requestId);
  return [{ type: 'FreshLinkRequested', data: command.data }];
}

export function revokeCustomerLink(command: RevokeCustomerLink, account: ActiveAccount): CustomerLinkRevoked[] {
  const { letterId } = command.data;
  if (account.revokedLinks.has(letterId))
    throw new DomainError('link-already-revoked', `The link of letter ${letterId} is already revoked`);
  return [{ type: 'CustomerLinkRevoked', data: command.data }];
}

function requireNewMessage(account: ActiveAccount, id: string): void {
  if (account.messages.has(id)) throw new DomainError('duplicate-id', `Reply or link request ${id} was already recorded`);
}

// Evolve

export function paymentReported(account: ActiveAccount, event: PaymentReported): ActiveAccount {
  const report: PaymentReportState = { ...event.data, invoiceIds: [...event.data.invoiceIds] };
  return {
    ...account,
    paymentReports: put(account.paymentReports, report.reportId, report),
    usedIds: withId(account, 'payment-report', report.reportId),
  };
}

export function customerReplied(account: ActiveAccount, event: CustomerReplied): ActiveAccount {
  const { replyId, kind, letterId, receivedOn } = event.data;
  const message: CustomerMessageState = {
    messageId: replyId,
    kind,
    ...(letterId === undefined ? {} : { letterId }),
    receivedOn,
    status: kind === 'reply' ? 'waiting' : 'recorded',
  };
  return { ...account, messages: put(account.messages, replyId, message) };
}

export function replyHandled(account: ActiveAccount, event: ReplyHandled): ActiveAccount {
  const { replyId, handledOn } = event.data;
  return {
    ...account,
    messages: update(account.messages, replyId, (message) => ({ ...message, status: 'handled' as const, handledOn })),
  };
}

export function freshLinkRequested(account: ActiveAccount, event: FreshLinkRequested): ActiveAccount {
  const { requestId, letterId, requestedOn } = event.data;
  const message: CustomerMessageState = {
    messageId: requestId,
    kind: 'link_request',
    letterId,
    receivedOn: requestedOn,
    status: 'waiting',
  };
  return { ...account, messages: put(account.messages, requestId, message) };
}

export function customerLinkRevoked(account: ActiveAccount, event: CustomerLinkRevoked): ActiveAccount {
  return { ...account, revokedLinks: new Set(account.revokedLinks).add(event.data.letterId) };
}

// The step as decide, evolve and occurredOn dispatch to it

export const customerConversation = procedureStep<CustomerConversationCommand, CustomerConversationEvent>({
  decide: {
    ReportPayment: reportPayment,
    RecordReply: recordReply,
    HandleReply: handleReply,
    RequestFreshLink: requestFreshLink,
    RevokeCustomerLink: revokeCustomerLink,
  },
  evolve: {
    PaymentReported: paymentReported,
    CustomerReplied: customerReplied,
    ReplyHandled: replyHandled,
    FreshLinkRequested: freshLinkRequested,
    CustomerLinkRevoked: customerLinkRevoked,
  },
  occurredOn: {
    PaymentReported: 'reportedOn',
    CustomerReplied: 'receivedOn',
    ReplyHandled: 'handledOn',
    FreshLinkRequested: 'requestedOn',
    CustomerLinkRevoked: 'revokedOn',
  },
});
