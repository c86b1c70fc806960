/**
 * Why `decide` refused a command. The code is stable (clients and the HTTP problem type use it);
 * the message is for people.
 */
export const DOMAIN_ERROR_CODES = [
  'account-not-found',
  'invoice-already-registered',
  'invoice-not-found',
  'duplicate-id',
  'reserved-id',
  'currency-mismatch',
  'invalid-amount',
  'amount-limit',
  'invalid-date',
  'date-in-future',
  'invalid-level',
  'amount-exceeds-balance',
  'amount-exceeds-cash',
  'payment-not-found',
  'application-not-found',
  'application-reversed',
  'cash-not-waiting',
  'invoice-settled',
  'invoice-not-written-off',
  'not-overdue',
  'already-overdue',
  'already-assigned',
  'dispute-not-found',
  'dispute-not-open',
  'dispute-not-late',
  'invalid-owner',
  'already-reminded',
  'reply-not-found',
  'reply-not-waiting',
  'link-already-revoked',
  'promise-not-found',
  'promise-not-open',
  'promise-conflict',
  'promise-not-due',
  'promise-not-fulfilled',
  'promise-fulfilled',
  'plan-not-found',
  'plan-not-current',
  'plan-conflict',
  'installment-invalid',
  'installment-not-paid',
  'installment-not-missed',
  'credit-hold-conflict',
  'referral-conflict',
  'referral-not-found',
  'legal-action-conflict',
  'nothing-written-off',
  'invalid-call-task',
  'escalation-conflict',
  'proposal-not-found',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
