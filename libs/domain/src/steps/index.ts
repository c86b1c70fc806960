/**
 * The procedure steps, in the order of the collection procedure
 * (docs/architecture.md#the-collection-procedure). Each declares its commands, events and state,
 * decides its commands and folds its events; `decide`, `evolve` and `occurredOn` dispatch to them.
 */
export { intakeAndCash } from './intake-and-cash/intake-and-cash';
export type { IntakeAndCashCommand, IntakeAndCashEvent } from './intake-and-cash/intake-and-cash';
export { cashApplication } from './cash-application/cash-application';
export type { CashApplicationCommand, CashApplicationEvent } from './cash-application/cash-application';
export { disputesAndDeductions } from './disputes-and-deductions/disputes-and-deductions';
export type { DisputesAndDeductionsCommand, DisputesAndDeductionsEvent } from './disputes-and-deductions/disputes-and-deductions';
export { customerConversation } from './customer-conversation/customer-conversation';
export type { CustomerConversationCommand, CustomerConversationEvent } from './customer-conversation/customer-conversation';
export { dunning } from './dunning/dunning';
export type { DunningCommand, DunningEvent } from './dunning/dunning';
export { contactsAndPromises } from './contacts-and-promises/contacts-and-promises';
export type { ContactsAndPromisesCommand, ContactsAndPromisesEvent } from './contacts-and-promises/contacts-and-promises';
export { paymentPlans } from './payment-plans/payment-plans';
export type { PaymentPlansCommand, PaymentPlansEvent } from './payment-plans/payment-plans';
export { credit } from './credit/credit';
export type { CreditCommand, CreditEvent } from './credit/credit';
export { escalation } from './escalation-and-closing/escalation';
export type { EscalationCommand, EscalationEvent } from './escalation-and-closing/escalation';
export { closing } from './escalation-and-closing/closing';
export type { ClosingCommand, ClosingEvent } from './escalation-and-closing/closing';

import { intakeAndCash } from './intake-and-cash/intake-and-cash';
import { cashApplication } from './cash-application/cash-application';
import { disputesAndDeductions } from './disputes-and-deductions/disputes-and-deductions';
import { customerConversation } from './customer-conversation/customer-conversation';
import { dunning } from './dunning/dunning';
import { contactsAndPromises } from './contacts-and-promises/contacts-and-promises';
import { paymentPlans } from './payment-plans/payment-plans';
import { credit } from './credit/credit';
import { escalation } from './escalation-and-closing/escalation';
import { closing } from './escalation-and-closing/closing';

/** Every procedure step, in the order of the procedure: a new step is added here and nowhere else. */
export const PROCEDURE_STEPS = [
  intakeAndCash,
  cashApplication,
  disputesAndDeductions,
  dunning,
  customerConversation,
  contactsAndPromises,
  paymentPlans,
  credit,
  escalation,
  closing,
] as const;
