export * from './business-date';
export * from './clock';
export * from './money';
export * from './events';
export * from './commands';
export * from './errors';
// The account's state (not the helpers the steps' evolve functions share).
export type {
  AccountState,
  ActiveAccount,
  AgencyReferralState,
  CallTaskState,
  DisputeState,
  EmptyAccount,
  EscalationProposalState,
  InstallmentState,
  InvoiceDunningState,
  InvoiceState,
  LegalActionState,
  PaymentPlanState,
  PostMortemState,
  PromiseState,
  WriteOffState,
} from './account-state';
export { idKey, initialState } from './account-state';
export * from './evolve';
// Rules the policy engine applies as decide does, so that it proposes only what decide accepts.
export { promiseShortfall } from './steps/contacts-and-promises/contacts-and-promises';
export { dueThrough } from './steps/payment-plans/payment-plans';
export * from './decide';
export * from './decider';
export * from './happened';
export * from './streams';
export * from './upcasting';
export {
  UNIDENTIFIED_CASH_EVENT_TYPES,
  decideUnidentifiedCash,
  evolveUnidentifiedCash,
  initialUnidentifiedCash,
  isUnidentifiedCashEvent,
} from './unidentified-cash/unidentified-cash';
export type {
  AssignUnidentifiedCash,
  ReceiveUnidentifiedCash,
  RefundUnidentifiedCash,
  UnidentifiedCashCommand,
  UnidentifiedCashEvent,
  UnidentifiedCashState,
} from './unidentified-cash/unidentified-cash';
