import { BusinessDate } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { AUDIT_TRAIL, AuditEntry, AuditEntryDocument } from './audit-trail.projection';

export interface AuditTrailQuery {
  customerId: string;
  invoiceId?: string;
  /** Business dates, both inclusive. */
  from?: BusinessDate;
  to?: BusinessDate;
}

/** A customer's trail in stream order, optionally only what touched one invoice or a date range. */
export async function queryAuditTrail(readStore: ReadStore, { customerId, invoiceId, from, to }: AuditTrailQuery): Promise<AuditEntry[]> {
  const occurredAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
  const entries = await readStore.collection<AuditEntryDocument>(AUDIT_TRAIL).find(
    {
      customerId,
      ...(invoiceId ? { invoiceIds: invoiceId } : {}),
      ...(from || to ? { occurredAt } : {}),
    },
    { sort: { revision: 1 }, readOnly: true },
  );
  return entries.map(({ _id, ...entry }) => entry);
}
