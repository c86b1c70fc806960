import { ESCALATION_KINDS } from '@collections/domain';
import { arrayOf, boolean, integer, object, oneOf, string } from '../json-schema';
import { contract, businessDate, currency, id, invoiceIds, minorUnits } from './contract';

/** Escalation: proposals, agency referrals and recalls, legal action. */
export const escalation = {
  EscalationProposed: contract(
    'EscalationProposed',
    1,
    object(
      {
        proposalId: id('The proposal'),
        kind: oneOf(ESCALATION_KINDS, { description: 'What a manager is asked to approve' }),
        invoiceIds,
        balances: arrayOf(object({ amount: minorUnits('Open on the invoices'), currency }), {
          minItems: 1,
          description: 'What was open on the invoices, per currency',
        }),
        daysPastDue: integer({ minimum: 0, description: 'Days past due of the oldest invoice' }),
        proposedOn: businessDate('Proposed on'),
      },
      { description: 'An agency referral or a write-off was proposed to managers. The reason is not published.' },
    ),
    ({ proposalId, kind, invoiceIds, balances, daysPastDue, proposedOn }) => ({
      proposalId,
      kind,
      invoiceIds: [...invoiceIds],
      balances: balances.map(({ amount, currency }) => ({ amount, currency })),
      daysPastDue,
      proposedOn,
    }),
  ),
  EscalationDeclined: contract(
    'EscalationDeclined',
    1,
    object(
      { proposalId: id('The proposal'), declinedOn: businessDate('Declined on') },
      { description: 'A manager declined an escalation proposal. The reason is not published.' },
    ),
    ({ proposalId, declinedOn }) => ({ proposalId, declinedOn }),
  ),
  ReferredToAgency: contract(
    'ReferredToAgency',
    1,
    object(
      {
        referralId: id('The referral'),
        agency: string({ minLength: 1, description: 'The collection agency' }),
        invoiceIds,
        referredOn: businessDate('Referred on'),
      },
      { description: 'Invoices were referred to a collection agency. The reason is not published.' },
    ),
    ({ referralId, agency, invoiceIds, referredOn }) => ({ referralId, agency, invoiceIds: [...invoiceIds], referredOn }),
  ),
  AgencyRecallMade: contract(
    'AgencyRecallMade',
    1,
    object(
      { referralId: id('The referral'), recalledOn: businessDate('Recalled on') },
      { description: 'A referral was recalled from the agency. The reason is not published.' },
    ),
    ({ referralId, recalledOn }) => ({ referralId, recalledOn }),
  ),
  LegalActionInitiated: contract(
    'LegalActionInitiated',
    1,
    object(
      {
        caseId: id('The case'),
        invoiceIds,
        court: string({ minLength: 1, description: 'The court' }),
        smallClaims: boolean({ description: 'Filed in small-claims court' }),
        initiatedOn: businessDate('Initiated on'),
      },
      { description: 'Legal action was started over invoices. Counsel and the reason are not published.' },
    ),
    ({ caseId, invoiceIds, court, smallClaims, initiatedOn }) => ({ caseId, invoiceIds: [...invoiceIds], court, smallClaims, initiatedOn }),
  ),
};
