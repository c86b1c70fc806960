import { ActiveAccount, put, update } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import {
  openInvoice,
  requireCurrency,
  requireNewId,
  requireNotBefore,
  requirePositive,
  requireWithinAccountTotal,
  requireWithinBalance,
} from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, formatMoney } from '../../money';
import type { CreditMemoIssued } from '../intake-and-cash/intake-and-cash';

/**
 * Step 2 and the complaints feedback loop: deductions and disputes. A deduction is a dispute the
 * customer settled by paying short; both share one id space and are resolved the same way, and
 * a `credit_issued` resolution records the credit memo with it.
 */

// Events

export const DISPUTE_CATEGORIES = ['failed_product', 'poor_service', 'damaged_goods', 'wrong_item', 'pricing', 'deduction'] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];

export type DeductionClaimed = Event<
  'DeductionClaimed',
  {
    deductionId: string;
    invoiceId: string;
    amount: number;
    currency: CurrencyCode;
    /** The programme the customer claims it under, e.g. a co-op marketing agreement. */
    programme: string;
    claimedOn: BusinessDate;
  }
>;
export type DisputeRaised = Event<
  'DisputeRaised',
  {
    disputeId: string;
    invoiceId: string;
    amount: number;
    currency: CurrencyCode;
    category: DisputeCategory;
    description?: string;
    raisedOn: BusinessDate;
  }
>;
/** Either resolution closes the dispute (or deduction, which shares its id space). */
export const DISPUTE_RESOLUTIONS = ['credit_issued', 'customer_liable'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];
export type DisputeResolved = Event<
  'DisputeResolved',
  {
    disputeId: string;
    /** The disputed invoice, so readers need not look the dispute up. */
    invoiceId: string;
    resolution: DisputeResolution;
    resolvedOn: BusinessDate;
    note?: string;
  }
>;

/**
 * Who works the dispute and by when: a team (sales, logistics, billing, quality — the policy's
 * list) and optionally a person, with a target date (the policy's days for the category). The
 * policy engine assigns every new dispute by the policy's routing; a manager may reassign it.
 */
export type DisputeAssigned = Event<
  'DisputeAssigned',
  {
    disputeId: string;
    invoiceId: string;
    ownerTeam: string;
    /** The person in the team who owns it, when one does. */
    ownerId?: string;
    targetOn: BusinessDate;
    assignedOn: BusinessDate;
  }
>;

/** The owner of a dispute past its target date was reminded (once per assignment). */
export type DisputeOwnerReminded = Event<
  'DisputeOwnerReminded',
  { disputeId: string; invoiceId: string; ownerTeam: string; ownerId?: string; targetOn: BusinessDate; remindedOn: BusinessDate }
>;

/** The events this step records. */
export type DisputesAndDeductionsEvent = DeductionClaimed | DisputeRaised | DisputeResolved | DisputeAssigned | DisputeOwnerReminded;

// Commands

export type ClaimDeduction = Command<'ClaimDeduction', DeductionClaimed['data']>;
export type RaiseDispute = Command<'RaiseDispute', DisputeRaised['data']>;
export type ResolveDispute = Command<
  'ResolveDispute',
  {
    disputeId: string;
    resolution: DisputeResolution;
    resolvedOn: BusinessDate;
    note?: string;
    /** Required when the resolution is `credit_issued`: the credit memo that settles it. */
    credit?: { creditMemoId: string; amount: number };
  }
>;

export type AssignDispute = Command<
  'AssignDispute',
  {
    disputeId: string;
    ownerTeam: string;
    ownerId?: string;
    targetOn: BusinessDate;
    assignedOn: BusinessDate;
    /**
     * The policy's routing of a new dispute: refused once anyone has assigned it, so a routing the
     * engine decides late never overrides a manager's choice.
     */
    onlyIfUnassigned?: boolean;
  }
>;
export type RemindDisputeOwner = Command<'RemindDisputeOwner', { disputeId: string; remindedOn: BusinessDate }>;

/** The commands this step decides. */
export type DisputesAndDeductionsCommand = ClaimDeduction | RaiseDispute | ResolveDispute | AssignDispute | RemindDisputeOwner;

// State

export interface DisputeState {
  disputeId: string;
  /** A deduction is a dispute the customer settled by paying short. */
  kind: 'dispute' | 'deduction';
  invoiceId: string;
  amount: number;
  currency: CurrencyCode;
  category: DisputeCategory;
  raisedOn: BusinessDate;
  status: 'open' | 'resolved';
  resolution?: DisputeResolution;
  resolvedOn?: BusinessDate;
  owner?: { team: string; personId?: string; targetOn: BusinessDate; assignedOn: BusinessDate };
  /** The target date its owner was reminded of being past: one reminder per assignment. */
  remindedFor?: BusinessDate;
}

// Decide

export function claimDeduction(command: ClaimDeduction, account: ActiveAccount): DeductionClaimed[] {
  const { deductionId, invoiceId, amount, currency, claimedOn } = command.data;
  requireNewDispute(account, deductionId);
  const invoice = openInvoice(account, invoiceId, 'claim a deduction on');
  requireCurrency(invoice, currency);
  requirePositive(amount, 'A deduction');
  requireNotBefore(claimedOn, invoice.issuedOn, `Deduction ${deductionId} is dated before invoice ${invoiceId} was issued`);
  requireWithinBalance(invoice, amount, `Deduction ${deductionId}`);
  requireWithinAccountTotal(account.disputes.values(), amount, "The account's disputes and deductions");
  return [{ type: 'DeductionClaimed', data: command.data }];
}

export function raiseDispute(command: RaiseDispute, account: ActiveAccount): DisputeRaised[] {
  const { disputeId, invoiceId, amount, currency, raisedOn } = command.data;
  requireNewDispute(account, disputeId);
  const invoice = openInvoice(account, invoiceId, 'dispute');
  requireCurrency(invoice, currency);
  requirePositive(amount, 'A disputed amount');
  requireNotBefore(raisedOn, invoice.issuedOn, `Dispute ${disputeId} is dated before invoice ${invoiceId} was issued`);
  requireWithinBalance(invoice, amount, `Dispute ${disputeId}`);
  requireWithinAccountTotal(account.disputes.values(), amount, "The account's disputes and deductions");
  return [{ type: 'DisputeRaised', data: command.data }];
}

export function resolveDispute(command: ResolveDispute, account: ActiveAccount): (DisputeResolved | CreditMemoIssued)[] {
  const { disputeId, resolution, resolvedOn, note, credit } = command.data;
  const dispute = account.disputes.get(disputeId);
  if (!dispute) throw new DomainError('dispute-not-found', `There is no dispute or deduction ${disputeId}`);
  if (dispute.status !== 'open') {
    throw new DomainError('dispute-not-open', `Dispute ${disputeId} was already resolved on ${dispute.resolvedOn}`);
  }
  requireNotBefore(resolvedOn, dispute.raisedOn, `Dispute ${disputeId} cannot be resolved before it was raised on ${dispute.raisedOn}`);
  const resolved: DisputeResolved = {
    type: 'DisputeResolved',
    data: { disputeId, invoiceId: dispute.invoiceId, resolution, resolvedOn, ...(note === undefined ? {} : { note }) },
  };
  if (resolution === 'customer_liable') {
    if (credit) throw new DomainError('invalid-amount', `A dispute resolved as customer_liable issues no credit`);
    return [resolved];
  }
  if (!credit) {
    throw new DomainError('invalid-amount', `A dispute resolved as credit_issued needs the credit memo (id and amount)`);
  }
  requireNewId(account, 'credit-memo', credit.creditMemoId);
  requirePositive(credit.amount, 'A credit');
  if (credit.amount > dispute.amount) {
    throw new DomainError(
      'amount-exceeds-balance',
      `The credit of ${formatMoney(credit.amount, dispute.currency)} exceeds the ${formatMoney(dispute.amount, dispute.currency)} in dispute ${disputeId}`,
    );
  }
  const invoice = openInvoice(account, dispute.invoiceId, 'credit');
  requireWithinBalance(invoice, credit.amount, `The credit for dispute ${disputeId}`);
  const reason = dispute.kind === 'deduction' ? `Authorized deduction ${disputeId}` : `Dispute ${disputeId} (${dispute.category})`;
  return [
    resolved,
    {
      type: 'CreditMemoIssued',
      data: {
        creditMemoId: credit.creditMemoId,
        invoiceId: dispute.invoiceId,
        amount: credit.amount,
        currency: dispute.currency,
        issuedOn: resolvedOn,
        reason,
        disputeId,
      },
    },
  ];
}

export function assignDispute(command: AssignDispute, account: ActiveAccount): DisputeAssigned[] {
  const { disputeId, ownerTeam, ownerId, targetOn, assignedOn, onlyIfUnassigned } = command.data;
  const dispute = openDispute(account, disputeId);
  if (onlyIfUnassigned === true && dispute.owner !== undefined) {
    throw new DomainError('already-assigned', `Dispute ${disputeId} is already assigned to ${dispute.owner.team}`);
  }
  if (ownerTeam.trim() === '') throw new DomainError('invalid-owner', `Dispute ${disputeId} needs an owner team`);
  if (ownerId !== undefined && ownerId.trim() === '') throw new DomainError('invalid-owner', `An owner id cannot be blank`);
  requireNotBefore(assignedOn, dispute.raisedOn, `Dispute ${disputeId} cannot be assigned before it was raised on ${dispute.raisedOn}`);
  requireNotBefore(targetOn, assignedOn, `Dispute ${disputeId}'s target date ${targetOn} is before its assignment on ${assignedOn}`);
  const { owner } = dispute;
  if (owner !== undefined && owner.team === ownerTeam && owner.personId === ownerId && owner.targetOn === targetOn) {
    throw new DomainError('already-assigned', `Dispute ${disputeId} is already assigned so`);
  }
  const data = { disputeId, invoiceId: dispute.invoiceId, ownerTeam, ...(ownerId === undefined ? {} : { ownerId }), targetOn, assignedOn };
  return [{ type: 'DisputeAssigned', data }];
}

export function remindDisputeOwner(command: RemindDisputeOwner, account: ActiveAccount): DisputeOwnerReminded[] {
  const { disputeId, remindedOn } = command.data;
  const dispute = openDispute(account, disputeId);
  const { owner } = dispute;
  if (owner === undefined) throw new DomainError('invalid-owner', `Dispute ${disputeId} has no owner to remind`);
  if (remindedOn <= owner.targetOn) {
    throw new DomainError('dispute-not-late', `Dispute ${disputeId} is not past its target date ${owner.targetOn} on ${remindedOn}`);
  }
  if (dispute.remindedFor === owner.targetOn) {
    throw new DomainError(
      'already-reminded',
      `The owner of dispute ${disputeId} was already reminded of its target date ${owner.targetOn}`,
    );
  }
  const { team, personId, targetOn } = owner;
  const data = {
    disputeId,
    invoiceId: dispute.invoiceId,
    ownerTeam: team,
    ...(personId === undefined ? {} : { ownerId: personId }),
    targetOn,
    remindedOn,
  };
  return [{ type: 'DisputeOwnerReminded', data }];
}

function openDispute(account: ActiveAccount, disputeId: string): DisputeState {
  const dispute = account.disputes.get(disputeId);
  if (!dispute) throw new DomainError('dispute-not-found', `There is no dispute or deduction ${disputeId}`);
  if (dispute.status !== 'open') {
    throw new DomainError('dispute-not-open', `Dispute ${disputeId} was already resolved on ${dispute.resolvedOn}`);
  }
  return dispute;
}

function requireNewDispute(account: ActiveAccount, id: string): void {
  if (account.disputes.has(id)) throw new DomainError('duplicate-id', `Dispute or deduction ${id} already exists`);
}

// Evolve

export function deductionClaimed(account: ActiveAccount, event: DeductionClaimed): ActiveAccount {
  const { deductionId, invoiceId, amount, currency, claimedOn } = event.data;
  const deduction: DisputeState = {
    disputeId: deductionId,
    kind: 'deduction',
    invoiceId,
    amount,
    currency,
    category: 'deduction',
    raisedOn: claimedOn,
    status: 'open',
  };
  return { ...account, disputes: put(account.disputes, deductionId, deduction) };
}

export function disputeRaised(account: ActiveAccount, event: DisputeRaised): ActiveAccount {
  const { disputeId, invoiceId, amount, currency, category, raisedOn } = event.data;
  const dispute: DisputeState = {
    disputeId,
    kind: 'dispute',
    invoiceId,
    amount,
    currency,
    category,
    raisedOn,
    status: 'open',
  };
  return { ...account, disputes: put(account.disputes, disputeId, dispute) };
}

export function disputeResolved(account: ActiveAccount, event: DisputeResolved): ActiveAccount {
  const { disputeId, resolution, resolvedOn } = event.data;
  return {
    ...account,
    disputes: update(account.disputes, disputeId, (dispute) => ({
      ...dispute,
      status: 'resolved',
      resolution,
      resolvedOn,
    })),
  };
}

export function disputeAssigned(account: ActiveAccount, event: DisputeAssigned): ActiveAccount {
  const { disputeId, ownerTeam, ownerId, targetOn, assignedOn } = event.data;
  const owner = { team: ownerTeam, ...(ownerId === undefined ? {} : { personId: ownerId }), targetOn, assignedOn };
  return { ...account, disputes: update(account.disputes, disputeId, (dispute) => ({ ...dispute, owner })) };
}

export function disputeOwnerReminded(account: ActiveAccount, event: DisputeOwnerReminded): ActiveAccount {
  const { disputeId, targetOn } = event.data;
  return { ...account, disputes: update(account.disputes, disputeId, (dispute) => ({ ...dispute, remindedFor: targetOn })) };
}

// The step as decide, evolve and occurredOn dispatch to it

export const disputesAndDeductions = procedureStep<DisputesAndDeductionsCommand, DisputesAndDeductionsEvent>({
  decide: {
    ClaimDeduction: claimDeduction,
    RaiseDispute: raiseDispute,
    ResolveDispute: resolveDispute,
    AssignDispute: assignDispute,
    RemindDisputeOwner: remindDisputeOwner,
  },
  evolve: {
    DeductionClaimed: deductionClaimed,
    DisputeRaised: disputeRaised,
    DisputeResolved: disputeResolved,
    DisputeAssigned: disputeAssigned,
    DisputeOwnerReminded: disputeOwnerReminded,
  },
  occurredOn: {
    DeductionClaimed: 'claimedOn',
    DisputeRaised: 'raisedOn',
    DisputeResolved: 'resolvedOn',
    DisputeAssigned: 'assignedOn',
    DisputeOwnerReminded: 'remindedOn',
  },
});
