import { Filter, ReadStore } from '@collections/read-store';
import { afterCursor, decodeCursor, encodeCursor, requireLimit } from '../page-cursor';
import { REPLIES, ReplyDocument, ReplyItem, ReplyQueueKind, ReplyStatus } from './replies.projection';

export interface ReplyQueueQuery {
  /** `all` for every status. */
  status: ReplyStatus | 'all';
  /** A collector's customers' messages; null: the customers nobody is assigned to; absent: everyone's. */
  collectorId?: string | null;
  /** One customer's messages (their page's timeline). */
  customerId?: string;
  kind?: ReplyQueueKind;
  limit: number;
  /** A `nextCursor` of the page before. */
  cursor?: string;
}

export interface ReplyQueuePage {
  items: ReplyItem[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
}

/** The queue's order: the day a message arrived, then the order it was recorded in (unique). */
const ORDER = ['receivedOn', 'position'] as const;
const CURSOR_KINDS = ['string', 'number'] as const;

/** Whether text is a cursor of the reply queue. */
export const isReplyCursor = (text: string): boolean => decodeCursor(text, CURSOR_KINDS) !== undefined;

/** Messages in arrival order, oldest first: the one that has waited longest is answered first. */
export async function listReplies(readStore: ReadStore, query: ReplyQueueQuery): Promise<ReplyQueuePage> {
  const { status, collectorId, customerId, kind, limit, cursor } = query;
  requireLimit(limit);
  const after = cursor === undefined ? undefined : decodeCursor(cursor, CURSOR_KINDS);
  if (cursor !== undefined && after === undefined) throw new RangeError(`cursor is not one this query gave: ${cursor}`);
  const filter: Filter = {
    ...(status === 'all' ? {} : { status }),
    ...(collectorId === undefined ? {} : { collectorId }),
    ...(customerId === undefined ? {} : { customerId }),
    ...(kind === undefined ? {} : { kind }),
    ...(after === undefined ? {} : afterCursor(ORDER, after)),
  };
  // One more than asked: whether there is a next page, without counting.
  const documents = await readStore
    .collection<ReplyDocument>(REPLIES)
    .find(filter, { sort: { receivedOn: 1, position: 1 }, limit: limit + 1, readOnly: true });
  const shown = documents.slice(0, limit);
  const items = shown.map(({ _id, position, collectorId: collector, ...reply }): ReplyItem => ({
    ...reply,
    ...(collector === null ? {} : { collectorId: collector }),
  }));
  if (documents.length <= limit) return { items };
  const last = shown[shown.length - 1];
  return { items, nextCursor: encodeCursor([last.receivedOn, last.position]) };
}
