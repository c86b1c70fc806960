import { ReadStore } from '@collections/read-store';
import {
  ESCALATION_PROPOSALS,
  EscalationProposal,
  EscalationProposalDocument,
  EscalationProposalStatus,
} from './escalation-proposal.projection';

export interface EscalationProposalsQuery {
  status: EscalationProposalStatus;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface EscalationProposalsPage {
  page: number;
  pageSize: number;
  /** Proposals in that status over all pages. */
  total: number;
  proposals: EscalationProposal[];
}

/**
 * Proposals in one status, oldest proposal first: the queue a manager works through from the
 * proposal that has waited longest. Ties in customer and proposal id order, so pages are stable.
 */
export async function listEscalationProposals(
  readStore: ReadStore,
  { status, page, pageSize }: EscalationProposalsQuery,
): Promise<EscalationProposalsPage> {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be a whole number from 1, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number from 1, got ${pageSize}`);
  const proposals = readStore.collection<EscalationProposalDocument>(ESCALATION_PROPOSALS);
  const filter = { status };
  const [total, documents] = await Promise.all([
    proposals.countDocuments(filter),
    proposals.find(filter, { sort: { proposedOn: 1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize, readOnly: true }),
  ]);
  return { page, pageSize, total, proposals: documents.map(({ _id, ...proposal }) => proposal) };
}
