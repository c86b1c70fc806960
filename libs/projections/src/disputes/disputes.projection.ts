import { BusinessDate, CurrencyCode, DisputeCategory, DisputeResolution } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';

/**
 * The disputes board: every dispute and deduction, one document per customer and dispute, with
 * its owner (a team, optionally a person), its target date, the reminder its owner got, and its
 * resolution. Managers see who owns what and what is past its target; the dispute-causes report
 * measures from it how long disputes take to resolve.
 */
export const DISPUTES = 'disputes';

export const DISPUTE_KINDS = ['dispute', 'deduction'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];
export const DISPUTE_STATUSES = ['open', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A target date later than any business date: disputes nobody owns yet sort after those with one. */
export const NO_TARGET = '9999-12-31';

export interface DisputeDocument extends ReadDocument {
  customerId: string;
  disputeId: string;
  kind: DisputeKind;
  invoiceId: string;
  category: DisputeCategory;
  amount: number;
  currency: CurrencyCode;
  raisedOn: BusinessDate;
  /** null until the policy (or a manager) assigns it. */
  ownerTeam: string | null;
  ownerId: string | null;
  targetOn: BusinessDate | null;
  assignedOn: BusinessDate | null;
  /** The day its owner was reminded of being past the current target; null otherwise. */
  remindedOn: BusinessDate | null;
  status: DisputeStatus;
  resolvedOn: BusinessDate | null;
  resolution: DisputeResolution | null;
  /** `targetOn`, or NO_TARGET: the board's order, kept as a field both read stores sort on. */
  targetKey: string;
}

/** Dispute ids are unique per customer only. */
export const disputeDocumentId = (customerId: string, disputeId: string): string => `${customerId}/${disputeId}`;

export const disputeBoardProjection: Projection = {
  name: 'disputes',
  version: 1,
  collections: [
    {
      name: DISPUTES,
      indexes: [
        { keys: { status: 1, targetKey: 1, raisedOn: 1 } },
        { keys: { ownerTeam: 1, ownerId: 1 } },
        { keys: { currency: 1, raisedOn: 1 } },
      ],
    },
  ],
  eventTypes: ['DisputeRaised', 'DeductionClaimed', 'DisputeAssigned', 'DisputeOwnerReminded', 'DisputeResolved'],

  async apply({ event, customerId }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    if (event.type === 'DisputeRaised' || event.type === 'DeductionClaimed') {
      const [disputeId, kind, category, raisedOn] =
        event.type === 'DisputeRaised'
          ? [event.data.disputeId, 'dispute' as const, event.data.category, event.data.raisedOn]
          : [event.data.deductionId, 'deduction' as const, 'deduction' as const, event.data.claimedOn];
      const { invoiceId, amount, currency } = event.data;
      documents.put<DisputeDocument>(DISPUTES, {
        _id: disputeDocumentId(customerId, disputeId),
        customerId,
        disputeId,
        kind,
        invoiceId,
        category,
        amount,
        currency,
        raisedOn,
        ownerTeam: null,
        ownerId: null,
        targetOn: null,
        assignedOn: null,
        remindedOn: null,
        status: 'open',
        resolvedOn: null,
        resolution: null,
        targetKey: NO_TARGET,
      });
      return;
    }
    if (event.type !== 'DisputeAssigned' && event.type !== 'DisputeOwnerReminded' && event.type !== 'DisputeResolved') return;
    const dispute = await documents.get<DisputeDocument>(DISPUTES, disputeDocumentId(customerId, event.data.disputeId));
    if (!dispute) return;
    if (event.type === 'DisputeAssigned') {
      const { ownerTeam, ownerId, targetOn, assignedOn } = event.data;
      // A reminder was of the target it had: a new target has not been reminded of.
      const remindedOn = targetOn === dispute.targetOn ? dispute.remindedOn : null;
      Object.assign(dispute, { ownerTeam, ownerId: ownerId ?? null, targetOn, assignedOn, remindedOn, targetKey: targetOn });
    } else if (event.type === 'DisputeOwnerReminded') {
      dispute.remindedOn = event.data.remindedOn;
    } else {
      Object.assign(dispute, { status: 'resolved', resolvedOn: event.data.resolvedOn, resolution: event.data.resolution });
    }
    documents.put(DISPUTES, dispute);
  },
};
