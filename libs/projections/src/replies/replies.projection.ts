import { BusinessDate, ReplyAttachment, ReplyKind } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';

/**
 * The reply queue: what customers sent back to their letters (a person's reply, an automatic
 * reply, a bounce) and their fresh-link requests, one document per customer and message, with
 * the customer's collector, so that each collector works through their own customers' messages.
 * The text is the staff's to read: the published feed withholds it, this queue does not.
 */
export const REPLIES = 'replies';
/** Per customer: their collector and their messages, so that a reassignment moves the messages with it. */
export const REPLY_CUSTOMERS = 'reply_customers';

export const REPLY_QUEUE_KINDS = ['reply', 'auto_reply', 'bounce', 'link_request'] as const;
export type ReplyQueueKind = ReplyKind | 'link_request';
/** `waiting` for a collector; `handled` by one; `recorded`: automatic, nobody has to answer it. */
export const REPLY_STATUSES = ['waiting', 'handled', 'recorded'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export interface ReplyItem {
  customerId: string;
  /** The reply's id, or the fresh-link request's. */
  replyId: string;
  kind: ReplyQueueKind;
  /** The letter it answers (a link request: the letter whose link no longer worked). */
  letterId?: string;
  from?: string;
  subject?: string;
  /** When the message arrived (ISO 8601 instant); link requests have only their day. */
  receivedAt?: string;
  receivedOn: BusinessDate;
  attachments: ReplyAttachment[];
  /** What the customer wrote. */
  text?: string;
  status: ReplyStatus;
  handledOn?: BusinessDate;
  /** What the collector noted when handling it. */
  note?: string;
  /** The customer's collector; absent while nobody is assigned. */
  collectorId?: string;
}

export interface ReplyDocument extends ReadDocument, Omit<ReplyItem, 'collectorId'> {
  /** null while nobody is assigned: a filter then finds the unassigned customers' messages. */
  collectorId: string | null;
  /** The event store's position of its arrival: the order messages came in, within a day. */
  position: number;
}

export interface ReplyCustomerDocument extends ReadDocument {
  collectorId: string | null;
  replyIds: string[];
}

/** Message ids are unique per customer only. */
export const replyDocumentId = (customerId: string, replyId: string): string => `${customerId}/${replyId}`;

export const replyQueueProjection: Projection = {
  name: 'replies',
  version: 1,
  collections: [
    {
      name: REPLIES,
      indexes: [{ keys: { status: 1, receivedOn: 1, position: 1 } }, { keys: { collectorId: 1, status: 1 } }, { keys: { customerId: 1 } }],
    },
    { name: REPLY_CUSTOMERS, indexes: [] },
  ],
  eventTypes: ['CollectorAssigned', 'CustomerReplied', 'FreshLinkRequested', 'ReplyHandled'],

  async apply({ event, customerId, position }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const customer = (await documents.get<ReplyCustomerDocument>(REPLY_CUSTOMERS, customerId)) ?? {
      _id: customerId,
      collectorId: null,
      replyIds: [],
    };
    const arrived = (reply: Omit<ReplyItem, 'customerId' | 'collectorId'>) => {
      documents.put<ReplyDocument>(REPLIES, {
        _id: replyDocumentId(customerId, reply.replyId),
        customerId,
        collectorId: customer.collectorId,
        position,
        ...reply,
      });
      customer.replyIds.push(reply.replyId);
      documents.put(REPLY_CUSTOMERS, customer);
    };
    switch (event.type) {
      case 'CustomerReplied': {
        const { replyId, kind, letterId, from, subject, receivedAt, receivedOn, attachments, text } = event.data;
        arrived({
          replyId,
          kind,
          ...(letterId === undefined ? {} : { letterId }),
          from,
          subject,
          receivedAt,
          receivedOn,
          attachments: attachments.map((attachment) => ({ ...attachment })),
          text,
          // Only a person's reply waits for a collector, as in the decider.
          status: kind === 'reply' ? 'waiting' : 'recorded',
        });
        return;
      }
      case 'FreshLinkRequested': {
        const { requestId, letterId, requestedOn } = event.data;
        arrived({ replyId: requestId, kind: 'link_request', letterId, receivedOn: requestedOn, attachments: [], status: 'waiting' });
        return;
      }
      case 'ReplyHandled': {
        const { replyId, handledOn, note } = event.data;
        const reply = await documents.get<ReplyDocument>(REPLIES, replyDocumentId(customerId, replyId));
        if (!reply) return;
        documents.put<ReplyDocument>(REPLIES, { ...reply, status: 'handled', handledOn, ...(note === undefined ? {} : { note }) });
        return;
      }
      case 'CollectorAssigned': {
        customer.collectorId = event.data.collectorId;
        documents.put(REPLY_CUSTOMERS, customer);
        for (const replyId of customer.replyIds) {
          const reply = await documents.get<ReplyDocument>(REPLIES, replyDocumentId(customerId, replyId));
          if (reply) documents.put<ReplyDocument>(REPLIES, { ...reply, collectorId: customer.collectorId });
        }
        return;
      }
      default:
        return;
    }
  },
};
