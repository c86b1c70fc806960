import { ACCOUNT_EVENT_TYPES, CollectionEvent, CollectionEventType, UnidentifiedCashEvent } from '@collections/domain';
import { EventContract } from './published/contract';
import { cashApplication } from './published/cash-application';
import { closing } from './published/closing';
import { contactsAndPromises } from './published/contacts-and-promises';
import { credit } from './published/credit';
import { customerConversation } from './published/customer-conversation';
import { disputesAndDeductions } from './published/disputes-and-deductions';
import { dunning } from './published/dunning';
import { escalation } from './published/escalation';
import { intakeAndCash } from './published/intake-and-cash';
import { paymentPlans } from './published/payment-plans';

export type { EventContract } from './published/contract';

/**
 * What other services receive of each event: a published form with its own version, separate
 * from the stored shape (which may change behind upcasters without breaking subscribers).
 *
 * Published: identifiers, amounts, currencies, business dates and the domain's enumerations.
 * Withheld: names of people (contact persons, guarantors, counsel, action-item owners) and text
 * staff type (contact notes, reasons, descriptions, summaries, plan terms), which subscribers do
 * not need and which would otherwise spread personal data to every one of them.
 *
 * A published schema never changes once released: any change to a published form, even an
 * added field, is a new version of that event type (and a line in CHANGELOG.md).
 *
 * Only the events of customers' accounts are published: subscribers are told of them by customer
 * (the envelope's `subject`). Unidentified cash is nobody's account yet (its own streams, no
 * customer); once a person assigns it, it arrives on the account as UnappliedCashReceived.
 */

/** The event types of a customer's account stream: the ones published. */
export type PublishedEventType = Exclude<CollectionEventType, UnidentifiedCashEvent['type']>;

/** An event of a type that is published. */
export type PublishedEvent = Extract<CollectionEvent, { type: PublishedEventType }>;

/** Every published event type's contract, gathered from the steps' files; the `satisfies` clause makes a missing or mistyped one a compile error. */
export const PUBLISHED_EVENTS = {
  ...intakeAndCash,
  ...cashApplication,
  ...disputesAndDeductions,
  ...dunning,
  ...customerConversation,
  ...contactsAndPromises,
  ...paymentPlans,
  ...credit,
  ...escalation,
  ...closing,
} satisfies { [Type in PublishedEventType]: EventContract<Type, number, unknown> };

type Contracts = typeof PUBLISHED_EVENTS;

/** Whether events of this type are published: a type of the accounts' streams that this release knows. */
export const isPublishedEventType = (type: string): type is PublishedEventType => Object.hasOwn(PUBLISHED_EVENTS, type);

export const isPublishedEvent = (event: CollectionEvent): event is PublishedEvent => isPublishedEventType(event.type);

/** The published event types, in the order of the procedure's steps. */
export const PUBLISHED_EVENT_TYPES: readonly PublishedEventType[] = ACCOUNT_EVENT_TYPES.filter(isPublishedEventType);

/** The published version of each event type. */
export type PublishedVersion<Type extends PublishedEventType> = Contracts[Type]['version'];

/** The published data of each event type. */
export type PublishedData<Type extends PublishedEventType> = ReturnType<Contracts[Type]['publish']>;

/** The published form of an event's data. */
export function publishedDataOf(event: PublishedEvent): PublishedData<PublishedEventType> {
  // The compiler cannot pair `event.type` with its own contract through the union of events;
  // the `satisfies` clause above is what pairs each type with its contract.
  const { publish } = PUBLISHED_EVENTS[event.type] as unknown as {
    publish(data: PublishedEvent['data']): PublishedData<PublishedEventType>;
  };
  return publish(event.data);
}
