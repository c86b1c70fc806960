import { invoiceLedgerProjection } from './aging/invoice-ledger.projection';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { cashProjection } from './cash/cash.projection';
import { disputeBoardProjection } from './disputes/disputes.projection';
import { escalationProposalProjection } from './escalations/escalation-proposal.projection';
import { kpiDaysProjection } from './kpis/kpi-days.projection';
import { promiseProjection } from './kpis/promise.projection';
import { paymentPredictionProjection } from './predictions/predictions.projection';
import { collectionPathProjection } from './post-mortems/collection-path.projection';
import { Projection } from './projection';
import { replyQueueProjection } from './replies/replies.projection';
import { worklistProjection } from './worklist/worklist.projection';

/** Every read model the projector keeps. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  invoiceLedgerProjection,
  auditTrailProjection,
  worklistProjection,
  collectionPathProjection,
  promiseProjection,
  escalationProposalProjection,
  cashProjection,
  replyQueueProjection,
  disputeBoardProjection,
  paymentPredictionProjection,
  kpiDaysProjection,
];
