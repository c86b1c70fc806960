import { object } from '../json-schema';
import { contract, businessDate, currency, id, minorUnits } from './contract';

/** Credit: limit recommendations and credit holds. */
export const credit = {
  CreditLimitChangeRecommended: contract(
    'CreditLimitChangeRecommended',
    1,
    object(
      {
        recommendationId: id('The recommendation'),
        recommendedLimit: minorUnits('The credit limit recommended'),
        currency,
        recommendedOn: businessDate('Recommended on'),
      },
      { description: 'Collections recommended a new credit limit (credit staff decide). The reason is not published.' },
    ),
    ({ recommendationId, recommendedLimit, currency, recommendedOn }) => ({ recommendationId, recommendedLimit, currency, recommendedOn }),
  ),
  CreditHoldPlaced: contract(
    'CreditHoldPlaced',
    1,
    object({ placedOn: businessDate('Placed on') }, { description: 'The customer was put on credit hold. The reason is not published.' }),
    ({ placedOn }) => ({ placedOn }),
  ),
  CreditHoldLifted: contract(
    'CreditHoldLifted',
    1,
    object({ liftedOn: businessDate('Lifted on') }, { description: "The customer's credit hold was lifted. The reason is not published." }),
    ({ liftedOn }) => ({ liftedOn }),
  ),
};
