import { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS } from '@collections/domain';
import { object, oneOf, string } from '../json-schema';
import { contract, businessDate, currency, id, minorUnits } from './contract';

/** Disputes and deductions. */
export const disputesAndDeductions = {
  DeductionClaimed: contract(
    'DeductionClaimed',
    1,
    object(
      {
        deductionId: id('The deduction'),
        invoiceId: id('The invoice paid short'),
        amount: minorUnits('The amount deducted'),
        currency,
        programme: string({ minLength: 1, description: 'The programme the customer deducts under, e.g. a co-op marketing agreement' }),
        claimedOn: businessDate('Claimed on'),
      },
      { description: 'The customer claimed a deduction from an invoice.' },
    ),
    ({ deductionId, invoiceId, amount, currency, programme, claimedOn }) => ({
      deductionId,
      invoiceId,
      amount,
      currency,
      programme,
      claimedOn,
    }),
  ),
  DisputeRaised: contract(
    'DisputeRaised',
    1,
    object(
      {
        disputeId: id('The dispute'),
        invoiceId: id('The disputed invoice'),
        amount: minorUnits('The disputed amount'),
        currency,
        category: oneOf(DISPUTE_CATEGORIES, { description: 'What the complaint is about' }),
        raisedOn: businessDate('Raised on'),
      },
      { description: "The customer disputed (part of) an invoice. The collector's description is not published." },
    ),
    ({ disputeId, invoiceId, amount, currency, category, raisedOn }) => ({ disputeId, invoiceId, amount, currency, category, raisedOn }),
  ),
  DisputeResolved: contract(
    'DisputeResolved',
    1,
    object(
      {
        disputeId: id('The dispute or deduction'),
        invoiceId: id('The disputed invoice'),
        resolution: oneOf(DISPUTE_RESOLUTIONS, {
          description: 'credit_issued: a credit memo settles it; customer_liable: the invoice stands',
        }),
        resolvedOn: businessDate('Resolved on'),
      },
      { description: 'A dispute or deduction was closed. The resolution note is not published.' },
    ),
    ({ disputeId, invoiceId, resolution, resolvedOn }) => ({ disputeId, invoiceId, resolution, resolvedOn }),
  ),
  DisputeAssigned: contract(
    'DisputeAssigned',
    1,
    object(
      {
        disputeId: id('The dispute'),
        invoiceId: id('The disputed invoice'),
        ownerTeam: id('The team that owns it (e.g. sales, logistics, billing, quality)'),
        ownerId: id('The person in the team who owns it'),
        targetOn: businessDate('To be resolved by'),
        assignedOn: businessDate('Assigned on'),
      },
      { optional: ['ownerId'], description: 'A dispute was given an owner and a target date (by the policy, or a manager).' },
    ),
    ({ disputeId, invoiceId, ownerTeam, ownerId, targetOn, assignedOn }) => ({
      disputeId,
      invoiceId,
      ownerTeam,
      ...(ownerId === undefined ? {} : { ownerId }),
      targetOn,
      assignedOn,
    }),
  ),
  DisputeOwnerReminded: contract(
    'DisputeOwnerReminded',
    1,
    object(
      {
        disputeId: id('The dispute'),
        invoiceId: id('The disputed invoice'),
        ownerTeam: id('The team that owns it'),
        ownerId: id('The person who owns it'),
        targetOn: businessDate('The target date it is past'),
        remindedOn: businessDate('Reminded on'),
      },
      { optional: ['ownerId'], description: "A dispute's owner was reminded that it is past its target date." },
    ),
    ({ disputeId, invoiceId, ownerTeam, ownerId, targetOn, remindedOn }) => ({
      disputeId,
      invoiceId,
      ownerTeam,
      ...(ownerId === undefined ? {} : { ownerId }),
      targetOn,
      remindedOn,
    }),
  ),
};
