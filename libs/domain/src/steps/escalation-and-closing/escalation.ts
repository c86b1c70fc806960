import { ActiveAccount, put, update, withId } from '../../account-state';
import { BusinessDate, daysBetween } from '../../business-date';
import { DomainError } from '../../errors';
import { openInvoices, requireNewId, requireNotBefore, sharedInvoice } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, Money } from '../../money';

/**
 * Escalation, when the in-house steps are exhausted: the policy engine proposes an agency
 * referral or a write-off to managers, the account is referred to a collection agency (step 8)
 * and perhaps recalled, and legal action is taken where the case is strong and the customer has
 * assets (step 9). What ends the procedure (write-off, recovery, post-mortem) is in closing.ts.
 */

// Events

// Steps 8 and 9: agency and legal
export type ReferredToAgency = Event<
  'ReferredToAgency',
  {
    referralId: string;
    agency: string;
    invoiceIds: string[];
    reason: string;
    referredOn: BusinessDate;
    /** The agency-referral proposal this referral accepts, when a manager accepted one. */
    proposalId?: string;
  }
>;
export type AgencyRecallMade = Event<'AgencyRecallMade', { referralId: string; reason: string; recalledOn: BusinessDate }>;
export type LegalActionInitiated = Event<
  'LegalActionInitiated',
  {
    caseId: string;
    invoiceIds: string[];
    court: string;
    smallClaims: boolean;
    counsel?: string;
    reason: string;
    initiatedOn: BusinessDate;
  }
>;

// Escalations the policy engine proposes to managers (steps 8 and 10).
export const ESCALATION_KINDS = ['agency_referral', 'write_off'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export type EscalationProposed = Event<
  'EscalationProposed',
  {
    proposalId: string;
    kind: EscalationKind;
    invoiceIds: string[];
    /** What was open on the invoices, per currency, when it was proposed. */
    balances: Money[];
    /** Days past due of the oldest of the invoices on `proposedOn`. */
    daysPastDue: number;
    /** Why, in words (e.g. the policy and the thresholds met). */
    reason: string;
    proposedOn: BusinessDate;
  }
>;
/** A manager declined a proposal: nothing changes on the invoices, and the engine does not propose them again. */
export type EscalationDeclined = Event<'EscalationDeclined', { proposalId: string; reason: string; declinedOn: BusinessDate }>;

/** The events this step records. */
export type EscalationEvent = EscalationProposed | EscalationDeclined | ReferredToAgency | AgencyRecallMade | LegalActionInitiated;

// Commands

export type ReferToAgency = Command<'ReferToAgency', ReferredToAgency['data']>;
export type RecallFromAgency = Command<'RecallFromAgency', AgencyRecallMade['data']>;
export type InitiateLegalAction = Command<'InitiateLegalAction', LegalActionInitiated['data']>;
/** The balances and days past due are read from the account when the proposal is recorded. */
export type ProposeEscalation = Command<'ProposeEscalation', Omit<EscalationProposed['data'], 'balances' | 'daysPastDue'>>;
export type DeclineEscalation = Command<'DeclineEscalation', EscalationDeclined['data']>;

/** The commands this step decides. */
export type EscalationCommand = ProposeEscalation | DeclineEscalation | ReferToAgency | RecallFromAgency | InitiateLegalAction;

// State

export interface AgencyReferralState {
  referralId: string;
  agency: string;
  invoiceIds: readonly string[];
  referredOn: BusinessDate;
  status: 'active' | 'recalled';
  recalledOn?: BusinessDate;
}

export interface LegalActionState {
  caseId: string;
  invoiceIds: readonly string[];
  court: string;
  smallClaims: boolean;
  initiatedOn: BusinessDate;
}

/** A proposal waits for a manager; accepting it is the referral or write-off that names it. */
export type EscalationProposalStatus = 'pending' | 'accepted' | 'declined';

export interface EscalationProposalState {
  proposalId: string;
  kind: EscalationKind;
  invoiceIds: readonly string[];
  proposedOn: BusinessDate;
  status: EscalationProposalStatus;
}

/** What every decision on a proposal checks: that it exists, is still pending, and (to accept it) is of the kind the command carries out. */
export function pendingProposal(
  account: ActiveAccount,
  proposalId: string,
  kind?: EscalationKind,
  decidedOn?: BusinessDate,
): EscalationProposalState {
  const proposal = account.escalationProposals.get(proposalId);
  if (!proposal) throw new DomainError('proposal-not-found', `There is no escalation proposal ${proposalId}`);
  if (proposal.status !== 'pending') {
    throw new DomainError('escalation-conflict', `Escalation proposal ${proposalId} was already ${proposal.status}`);
  }
  if (kind !== undefined && proposal.kind !== kind) {
    throw new DomainError('escalation-conflict', `Escalation proposal ${proposalId} proposes ${words(proposal.kind)}, not ${words(kind)}`);
  }
  if (decidedOn !== undefined) {
    requireNotBefore(decidedOn, proposal.proposedOn, `A decision cannot precede proposal ${proposalId} on ${proposal.proposedOn}`);
  }
  return proposal;
}

const words = (kind: EscalationKind) => (kind === 'agency_referral' ? 'an agency referral' : 'a write-off');

/** The proposal a referral or write-off accepts becomes accepted; one without a proposal changes none. */
export function acceptProposal(account: ActiveAccount, proposalId: string | undefined): ActiveAccount['escalationProposals'] {
  if (proposalId === undefined) return account.escalationProposals;
  return update(account.escalationProposals, proposalId, (proposal) => ({ ...proposal, status: 'accepted' }));
}

// Decide

export function proposeEscalation(command: ProposeEscalation, account: ActiveAccount): EscalationProposed[] {
  const { proposalId, kind, invoiceIds, reason, proposedOn } = command.data;
  requireNewId(account, 'escalation', proposalId);
  if (!ESCALATION_KINDS.includes(kind)) {
    throw new DomainError('escalation-conflict', `An escalation is one of ${ESCALATION_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  }
  const invoices = openInvoices(account, invoiceIds, 'propose an escalation for', proposedOn);
  if (kind === 'agency_referral') {
    for (const referral of account.agencyReferrals.values()) {
      const overlap = referral.status === 'active' ? sharedInvoice(invoiceIds, referral.invoiceIds) : undefined;
      if (overlap !== undefined) {
        throw new DomainError(
          'escalation-conflict',
          `Invoice ${overlap} is already with ${referral.agency} (referral ${referral.referralId})`,
        );
      }
    }
  }
  const balances = new Map<CurrencyCode, number>();
  for (const invoice of invoices) balances.set(invoice.currency, (balances.get(invoice.currency) ?? 0) + invoice.balance);
  const daysPastDue = Math.max(...invoices.map((invoice) => daysBetween(invoice.dueOn, proposedOn)));
  if (daysPastDue < 1) {
    throw new DomainError('not-overdue', `None of the invoices is past due on ${proposedOn}: there is nothing to escalate`);
  }
  return [
    {
      type: 'EscalationProposed',
      data: {
        proposalId,
        kind,
        invoiceIds,
        balances: [...balances].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ amount, currency })),
        daysPastDue,
        reason,
        proposedOn,
      },
    },
  ];
}

export function declineEscalation(command: DeclineEscalation, account: ActiveAccount): EscalationDeclined[] {
  const { proposalId, declinedOn } = command.data;
  pendingProposal(account, proposalId, undefined, declinedOn);
  return [{ type: 'EscalationDeclined', data: command.data }];
}

export function referToAgency(command: ReferToAgency, account: ActiveAccount): ReferredToAgency[] {
  const { referralId, invoiceIds, referredOn, proposalId } = command.data;
  if (account.agencyReferrals.has(referralId)) {
    throw new DomainError('duplicate-id', `Referral ${referralId} already exists`);
  }
  if (proposalId !== undefined) pendingProposal(account, proposalId, 'agency_referral', referredOn);
  openInvoices(account, invoiceIds, 'refer to an agency', referredOn);
  for (const referral of account.agencyReferrals.values()) {
    const overlap = referral.status === 'active' ? sharedInvoice(invoiceIds, referral.invoiceIds) : undefined;
    if (overlap !== undefined) {
      throw new DomainError('referral-conflict', `Invoice ${overlap} is already with ${referral.agency} (referral ${referral.referralId})`);
    }
  }
  return [{ type: 'ReferredToAgency', data: command.data }];
}

export function recallFromAgency(command: RecallFromAgency, account: ActiveAccount): AgencyRecallMade[] {
  const { referralId, recalledOn } = command.data;
  const referral = account.agencyReferrals.get(referralId);
  if (!referral) throw new DomainError('referral-not-found', `There is no agency referral ${referralId}`);
  if (referral.status !== 'active') {
    throw new DomainError('referral-conflict', `Referral ${referralId} was already recalled on ${referral.recalledOn}`);
  }
  requireNotBefore(recalledOn, referral.referredOn, `A recall cannot precede referral ${referralId} on ${referral.referredOn}`);
  return [{ type: 'AgencyRecallMade', data: command.data }];
}

export function initiateLegalAction(command: InitiateLegalAction, account: ActiveAccount): LegalActionInitiated[] {
  const { caseId, invoiceIds, initiatedOn } = command.data;
  if (account.legalActions.has(caseId)) {
    throw new DomainError('duplicate-id', `Legal case ${caseId} already exists`);
  }
  openInvoices(account, invoiceIds, 'take legal action over', initiatedOn);
  for (const action of account.legalActions.values()) {
    const overlap = sharedInvoice(invoiceIds, action.invoiceIds);
    if (overlap !== undefined) {
      throw new DomainError('legal-action-conflict', `Invoice ${overlap} is already in legal case ${action.caseId}`);
    }
  }
  return [{ type: 'LegalActionInitiated', data: command.data }];
}

// Evolve

export function escalationProposed(account: ActiveAccount, event: EscalationProposed): ActiveAccount {
  const { proposalId, kind, invoiceIds, proposedOn } = event.data;
  return {
    ...account,
    escalationProposals: put(account.escalationProposals, proposalId, { proposalId, kind, invoiceIds, proposedOn, status: 'pending' }),
    usedIds: withId(account, 'escalation', proposalId),
  };
}

export function escalationDeclined(account: ActiveAccount, event: EscalationDeclined): ActiveAccount {
  return {
    ...account,
    escalationProposals: update(account.escalationProposals, event.data.proposalId, (proposal) => ({ ...proposal, status: 'declined' })),
  };
}

export function referredToAgency(account: ActiveAccount, event: ReferredToAgency): ActiveAccount {
  const { referralId, agency, invoiceIds, referredOn, proposalId } = event.data;
  const referral: AgencyReferralState = { referralId, agency, invoiceIds, referredOn, status: 'active' };
  return {
    ...account,
    agencyReferrals: put(account.agencyReferrals, referralId, referral),
    escalationProposals: acceptProposal(account, proposalId),
  };
}

export function agencyRecallMade(account: ActiveAccount, event: AgencyRecallMade): ActiveAccount {
  return {
    ...account,
    agencyReferrals: update(account.agencyReferrals, event.data.referralId, (referral) => ({
      ...referral,
      status: 'recalled',
      recalledOn: event.data.recalledOn,
    })),
  };
}

export function legalActionInitiated(account: ActiveAccount, event: LegalActionInitiated): ActiveAccount {
  const { caseId, invoiceIds, court, smallClaims, initiatedOn } = event.data;
  return {
    ...account,
    legalActions: put(account.legalActions, caseId, { caseId, invoiceIds, court, smallClaims, initiatedOn }),
  };
}

// The step as decide, evolve and occurredOn dispatch to it

export const escalation = procedureStep<EscalationCommand, EscalationEvent>({
  decide: {
    ProposeEscalation: proposeEscalation,
    DeclineEscalation: declineEscalation,
    ReferToAgency: referToAgency,
    RecallFromAgency: recallFromAgency,
    InitiateLegalAction: initiateLegalAction,
  },
  evolve: {
    EscalationProposed: escalationProposed,
    EscalationDeclined: escalationDeclined,
    ReferredToAgency: referredToAgency,
    AgencyRecallMade: agencyRecallMade,
    LegalActionInitiated: legalActionInitiated,
  },
  occurredOn: {
    EscalationProposed: 'proposedOn',
    EscalationDeclined: 'declinedOn',
    ReferredToAgency: 'referredOn',
    AgencyRecallMade: 'recalledOn',
    LegalActionInitiated: 'initiatedOn',
  },
});
