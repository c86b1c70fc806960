import { BusinessDate, addDays } from './business-date';
import { DomainError } from './errors';
import { CollectionEvent, occurredOn } from './events';

/**
 * How far past the service's today a fact may be dated: one day, for customers and systems a
 * time zone ahead of UTC, where tomorrow has already begun.
 */
export const FUTURE_DATE_TOLERANCE_DAYS = 1;

/**
 * History records what has happened: every event's own date (its `occurredOn`: the day a payment
 * was received, a contact made, a letter sent) is at most today plus the tolerance. Dates of what
 * is to come (a promise's date, an installment's due date) are not facts and are not limited.
 * `today` comes from the caller's Clock; the command side asks this of every command it decides,
 * so a future-dated fact cannot hold a rule open for ever (a quiet period, a contact).
 */
export function requireHappenedBy(events: readonly CollectionEvent[], today: BusinessDate): void {
  const latest = addDays(today, FUTURE_DATE_TOLERANCE_DAYS);
  for (const event of events) {
    const on = occurredOn(event);
    if (on > latest) {
      throw new DomainError(
        'date-in-future',
        `${event.type} cannot be dated ${on}: that is after today (${today}), and history records only what has happened`,
      );
    }
  }
}
