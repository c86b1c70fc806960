import { BusinessDate, CurrencyCode } from '@collections/domain';
import { ReadDocument } from '@collections/read-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { BatchDocuments, Projection } from '../projection';
import { recordedInstantOf } from '../recorded-instant';

/**
 * Every promise to pay and how it ended, for the promise-kept rate; plus each customer's current
 * collector, by which the KPI queries select a collector's customers. A promise keeps the collector
 * of the day it was made, so that a later reassignment does not move its outcome to someone else.
 */
export const PROMISES = 'promises';
export const CUSTOMER_COLLECTORS = 'customer_collectors';

export interface PromiseDocument extends ReadDocument {
  customerId: string;
  promiseId: string;
  invoiceIds: string[];
  amount: number;
  currency: CurrencyCode;
  madeOn: BusinessDate;
  promisedFor: BusinessDate;
  status: 'open' | 'kept' | 'broken';
  keptOn: BusinessDate | null;
  brokenOn: BusinessDate | null;
  /** What was paid toward it, as the kept or broken event reports; null while open. */
  amountPaid: number | null;
  /** The customer's collector when the promise was made; null if none was assigned. */
  collectorId: string | null;
  /** When it was made, as recorded (an ISO instant, UTC). */
  recordedAt: string;
  /** When it was recorded kept or broken; null while open. As known before then, it was open. */
  resolutionRecordedAt: string | null;
}

export interface CustomerCollectorDocument extends ReadDocument {
  collectorId: string;
}

export const promiseDocumentId = (customerId: string, promiseId: string): string => `${customerId}/${promiseId}`;

export const promiseProjection: Projection = {
  name: 'promises',
  // 2: when promises and their outcomes were recorded, for figures as known at an instant.
  version: 2,
  collections: [
    {
      name: PROMISES,
      indexes: [{ keys: { currency: 1, promisedFor: 1 } }, { keys: { collectorId: 1 } }, { keys: { customerId: 1 } }],
    },
    { name: CUSTOMER_COLLECTORS, indexes: [{ keys: { collectorId: 1 } }] },
  ],
  eventTypes: ['CollectorAssigned', 'PromiseMade', 'PromiseKept', 'PromiseBroken'],

  async apply({ event, customerId, metadata }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    switch (event.type) {
      case 'CollectorAssigned':
        documents.put<CustomerCollectorDocument>(CUSTOMER_COLLECTORS, { _id: customerId, collectorId: event.data.collectorId });
        return;
      case 'PromiseMade': {
        const { promiseId, invoiceIds, amount, currency, madeOn, promisedFor } = event.data;
        const assignment = await documents.get<CustomerCollectorDocument>(CUSTOMER_COLLECTORS, customerId);
        documents.put<PromiseDocument>(PROMISES, {
          _id: promiseDocumentId(customerId, promiseId),
          customerId,
          promiseId,
          invoiceIds,
          amount,
          currency,
          madeOn,
          promisedFor,
          status: 'open',
          keptOn: null,
          brokenOn: null,
          amountPaid: null,
          collectorId: assignment?.collectorId ?? null,
          recordedAt: recordedInstantOf(metadata),
          resolutionRecordedAt: null,
        });
        return;
      }
      case 'PromiseKept':
      case 'PromiseBroken': {
        const promise = await documents.get<PromiseDocument>(PROMISES, promiseDocumentId(customerId, event.data.promiseId));
        if (!promise) return;
        if (event.type === 'PromiseKept') {
          promise.status = 'kept';
          promise.keptOn = event.data.keptOn;
        } else {
          promise.status = 'broken';
          promise.brokenOn = event.data.brokenOn;
        }
        promise.amountPaid = event.data.amountPaid;
        promise.resolutionRecordedAt = recordedInstantOf(metadata);
        documents.put(PROMISES, promise);
        return;
      }
      default:
        return;
    }
  },
};
