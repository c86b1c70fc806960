import { CollectionEvent, CollectionEventType } from '@collections/domain';
import { EventContract } from './published/contract';
import { closing } from './published/closing';
import { contactsAndPromises } from './published/contacts-and-promises';
import { credit } from './published/credit';
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
 */

/** Every event type's contract, gathered from the steps' files; the `satisfies` clause makes a missing or mistyped one a compile error. */
export const PUBLISHED_EVENTS = {
  ...intakeAndCash,
  ...disputesAndDeductions,
  ...dunning,
  ...contactsAndPromises,
  ...paymentPlans,
  ...credit,
  ...escalation,
  ...closing,
} satisfies { [Type in CollectionEventType]: EventContract<Type, number, unknown> };

type Contracts = typeof PUBLISHED_EVENTS;

/** The published version of each event type. */
export type PublishedVersion<Type extends CollectionEventType> = Contracts[Type]['version'];

/** The published data of each event type. */
export type PublishedData<Type extends CollectionEventType> = ReturnType<Contracts[Type]['publish']>;

/** The published form of an event's data. */
export function publishedDataOf(event: CollectionEvent): PublishedData<CollectionEventType> {
  // The compiler cannot pair `event.type` with its own contract through the union of events;
  // the `satisfies` clause above is what pairs each type with its contract.
  const { publish } = PUBLISHED_EVENTS[event.type] as unknown as {
    publish(data: CollectionEvent['data']): PublishedData<CollectionEventType>;
  };
  return publish(event.data);
}
