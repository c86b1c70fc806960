import { BusinessDate, EscalationKind, Money } from '@collections/domain';
import { Actor, StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';

/**
 * The managers' escalation queue: one document per proposal the policy engine made (an agency
 * referral or a write-off), with what became of it. A proposal is accepted by the referral or
 * write-off that names it, or declined with a reason.
 */
export const ESCALATION_PROPOSALS = 'escalation_proposals';

export const ESCALATION_PROPOSAL_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type EscalationProposalStatus = (typeof ESCALATION_PROPOSAL_STATUSES)[number];

/** Who decided, when, and how: the referral or write-off that accepted it, or why it was declined. */
export interface EscalationDecision {
  decidedOn: BusinessDate;
  decidedBy: Actor;
  referralId?: string;
  agency?: string;
  writeOffId?: string;
  declineReason?: string;
}

export interface EscalationProposal {
  proposalId: string;
  customerId: string;
  kind: EscalationKind;
  invoiceIds: string[];
  balances: Money[];
  daysPastDue: number;
  reason: string;
  proposedOn: BusinessDate;
  status: EscalationProposalStatus;
  /** Null while pending. */
  decision: EscalationDecision | null;
}

export interface EscalationProposalDocument extends ReadDocument, EscalationProposal {}

/** Proposal ids are unique per customer only. */
export const escalationProposalId = (customerId: string, proposalId: string): string => `${customerId}/${proposalId}`;

export const escalationProposalProjection: Projection = {
  name: 'escalation-proposals',
  version: 1,
  collections: [{ name: ESCALATION_PROPOSALS, indexes: [{ keys: { status: 1, proposedOn: 1 } }] }],
  eventTypes: ['EscalationProposed', 'EscalationDeclined', 'ReferredToAgency', 'WrittenOff'],

  async apply({ event, customerId, metadata }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    if (event.type === 'EscalationProposed') {
      const { proposalId, kind, invoiceIds, balances, daysPastDue, reason, proposedOn } = event.data;
      documents.put<EscalationProposalDocument>(ESCALATION_PROPOSALS, {
        _id: escalationProposalId(customerId, proposalId),
        proposalId,
        customerId,
        kind,
        invoiceIds: [...invoiceIds],
        balances: balances.map(({ amount, currency }) => ({ amount, currency })),
        daysPastDue,
        reason,
        proposedOn,
        status: 'pending',
        decision: null,
      });
      return;
    }
    if (event.type !== 'EscalationDeclined' && event.type !== 'ReferredToAgency' && event.type !== 'WrittenOff') return;
    // Referrals and write-offs made without a proposal leave the queue alone.
    if (event.data.proposalId === undefined) return;
    const id = escalationProposalId(customerId, event.data.proposalId);
    const proposal = await documents.get<EscalationProposalDocument>(ESCALATION_PROPOSALS, id);
    if (!proposal) return;
    const decidedBy = metadata.actor;
    if (event.type === 'EscalationDeclined') {
      proposal.status = 'declined';
      proposal.decision = { decidedOn: event.data.declinedOn, decidedBy, declineReason: event.data.reason };
    } else if (event.type === 'ReferredToAgency') {
      proposal.status = 'accepted';
      proposal.decision = { decidedOn: event.data.referredOn, decidedBy, referralId: event.data.referralId, agency: event.data.agency };
    } else {
      proposal.status = 'accepted';
      proposal.decision = { decidedOn: event.data.writtenOffOn, decidedBy, writeOffId: event.data.writeOffId };
    }
    documents.put(ESCALATION_PROPOSALS, proposal);
  },
};
