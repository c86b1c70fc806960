import { ActiveAccount, withId } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import { requireNewId } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, isMinorUnits } from '../../money';

/**
 * Credit: collections recommends a new credit limit (step 6; credit staff decide), and an
 * account goes on credit hold, typically when it is referred to an agency (step 8), until the
 * hold is lifted.
 */

// Events

export type CreditLimitChangeRecommended = Event<
  'CreditLimitChangeRecommended',
  {
    recommendationId: string;
    recommendedLimit: number;
    currency: CurrencyCode;
    reason: string;
    recommendedOn: BusinessDate;
  }
>;
export type CreditHoldPlaced = Event<'CreditHoldPlaced', { reason: string; placedOn: BusinessDate }>;
export type CreditHoldLifted = Event<'CreditHoldLifted', { reason: string; liftedOn: BusinessDate }>;

/** The events this step records. */
export type CreditEvent = CreditLimitChangeRecommended | CreditHoldPlaced | CreditHoldLifted;

// Commands

export type RecommendCreditLimitChange = Command<'RecommendCreditLimitChange', CreditLimitChangeRecommended['data']>;
export type PlaceCreditHold = Command<'PlaceCreditHold', CreditHoldPlaced['data']>;
export type LiftCreditHold = Command<'LiftCreditHold', CreditHoldLifted['data']>;

/** The commands this step decides. */
export type CreditCommand = RecommendCreditLimitChange | PlaceCreditHold | LiftCreditHold;

// Decide

export function recommendCreditLimitChange(command: RecommendCreditLimitChange, account: ActiveAccount): CreditLimitChangeRecommended[] {
  requireNewId(account, 'credit-limit-recommendation', command.data.recommendationId);
  if (!isMinorUnits(command.data.recommendedLimit)) {
    throw new DomainError(
      'invalid-amount',
      `A credit limit must be a whole, non-negative number of minor units, not ${command.data.recommendedLimit}`,
    );
  }
  return [{ type: 'CreditLimitChangeRecommended', data: command.data }];
}

export function placeCreditHold(command: PlaceCreditHold, account: ActiveAccount): CreditHoldPlaced[] {
  if (account.creditHold) {
    throw new DomainError('credit-hold-conflict', `The account has been on credit hold since ${account.creditHold.placedOn}`);
  }
  return [{ type: 'CreditHoldPlaced', data: command.data }];
}

export function liftCreditHold(command: LiftCreditHold, account: ActiveAccount): CreditHoldLifted[] {
  if (!account.creditHold) {
    throw new DomainError('credit-hold-conflict', 'The account is not on credit hold');
  }
  return [{ type: 'CreditHoldLifted', data: command.data }];
}

// Evolve

export function creditLimitChangeRecommended(account: ActiveAccount, event: CreditLimitChangeRecommended): ActiveAccount {
  const { recommendationId, recommendedLimit, currency, recommendedOn } = event.data;
  return {
    ...account,
    creditLimitRecommendation: { recommendedLimit, currency, recommendedOn },
    usedIds: withId(account, 'credit-limit-recommendation', recommendationId),
  };
}

export function creditHoldPlaced(account: ActiveAccount, event: CreditHoldPlaced): ActiveAccount {
  return { ...account, creditHold: { reason: event.data.reason, placedOn: event.data.placedOn } };
}

export function creditHoldLifted(account: ActiveAccount, _event: CreditHoldLifted): ActiveAccount {
  return { ...account, creditHold: undefined };
}

// The step as decide, evolve and occurredOn dispatch to it

export const credit = procedureStep<CreditCommand, CreditEvent>({
  decide: { RecommendCreditLimitChange: recommendCreditLimitChange, PlaceCreditHold: placeCreditHold, LiftCreditHold: liftCreditHold },
  evolve: {
    CreditLimitChangeRecommended: creditLimitChangeRecommended,
    CreditHoldPlaced: creditHoldPlaced,
    CreditHoldLifted: creditHoldLifted,
  },
  occurredOn: { CreditLimitChangeRecommended: 'recommendedOn', CreditHoldPlaced: 'placedOn', CreditHoldLifted: 'liftedOn' },
});
