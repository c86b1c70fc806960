import type { StreamVerification } from '@collections/evidence';
import { CustomerVerification } from './verification-responses';

/** A stream's verification as GET /customers/:id/verification answers it, and as the evidence pack holds it. */
export const verificationView = (
  customerId: string,
  { streamId, events, lastRevision, headHash, chainedFrom, broken }: StreamVerification,
): CustomerVerification => ({
  customerId,
  streamId,
  verified: broken === undefined,
  events,
  lastRevision: lastRevision ?? null,
  headHash: headHash ?? null,
  chainedFrom: chainedFrom ?? null,
  broken: broken === undefined ? null : { revision: broken.revision, reason: broken.reason, detail: broken.detail },
});
