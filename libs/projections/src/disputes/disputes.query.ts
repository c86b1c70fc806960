import { BusinessDate, CurrencyCode, DisputeCategory, DisputeResolution, daysBetween } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { afterCursor, decodeCursor, encodeCursor, requireLimit } from '../page-cursor';
import { DISPUTES, DisputeDocument, DisputeKind, DisputeStatus } from './disputes.projection';

export interface DisputeBoardQuery {
  /** `all` for both. */
  status: DisputeStatus | 'all';
  ownerTeam?: string;
  ownerId?: string;
  /** Only open disputes whose target date is before `asOf`. */
  pastTarget?: boolean;
  /** The day "past target" is judged on (today, unless asked). */
  asOf: BusinessDate;
  limit: number;
  /** A `nextCursor` of the page before. */
  cursor?: string;
}

export interface DisputeBoardItem {
  customerId: string;
  disputeId: string;
  kind: DisputeKind;
  invoiceId: string;
  category: DisputeCategory;
  amount: number;
  currency: CurrencyCode;
  raisedOn: BusinessDate;
  ownerTeam?: string;
  ownerId?: string;
  targetOn?: BusinessDate;
  /** Open: days from the target date to `asOf`; resolved: days it was resolved after its target; 0 when not past it. */
  daysPastTarget: number;
  remindedOn?: BusinessDate;
  status: DisputeStatus;
  resolvedOn?: BusinessDate;
  resolution?: DisputeResolution;
}

/** Open disputes per owner: a team, or a person in it (null: nobody owns them yet). */
export interface DisputeOwnerCount {
  ownerTeam: string | null;
  ownerId?: string;
  open: number;
  pastTarget: number;
}

export interface DisputeBoard {
  asOf: BusinessDate;
  items: DisputeBoardItem[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
  /** Every open dispute of the owner asked for (all owners when none is), counted by owner, those with most past target first. */
  byOwner: DisputeOwnerCount[];
}

/** The board's order: open first, then by target date (the most overdue first), then the day raised; the id breaks ties. */
const ORDER = ['status', 'targetKey', 'raisedOn', '_id'] as const;
const CURSOR_KINDS = ['string', 'string', 'string', 'string'] as const;

/** Whether text is a cursor of the disputes board. */
export const isDisputeCursor = (text: string): boolean => decodeCursor(text, CURSOR_KINDS) !== undefined;

/** How many days a dispute is (open) or was (resolved) past its target date. */
export function daysPastTargetOf(dispute: Pick<DisputeDocument, 'status' | 'targetOn' | 'resolvedOn'>, asOf: BusinessDate): number {
  if (dispute.targetOn === null) return 0;
  const judgedOn = dispute.status === 'resolved' && dispute.resolvedOn !== null ? dispute.resolvedOn : asOf;
  return judgedOn > dispute.targetOn ? daysBetween(dispute.targetOn, judgedOn) : 0;
}

/** The disputes a manager works: one page, most overdue first, and the open ones counted by owner. */
export async function queryDisputeBoard(readStore: ReadStore, query: DisputeBoardQuery): Promise<DisputeBoard> {
  const { status, ownerTeam, ownerId, pastTarget, asOf, limit, cursor } = query;
  requireLimit(limit);
  const after = cursor === undefined ? undefined : decodeCursor(cursor, CURSOR_KINDS);
  if (cursor !== undefined && after === undefined) throw new RangeError(`cursor is not one this query gave: ${cursor}`);
  const owner: Filter = { ...(ownerTeam === undefined ? {} : { ownerTeam }), ...(ownerId === undefined ? {} : { ownerId }) };
  // Past target only while open: a resolved dispute is no longer late.
  const late: Filter = pastTarget === true ? { status: 'open', targetKey: { $lt: asOf } } : {};
  if (pastTarget === true && status === 'resolved') return { asOf, items: [], byOwner: await countByOwner(readStore, owner, asOf) };
  const filter: Filter = {
    ...owner,
    ...(status === 'all' ? {} : { status }),
    ...late,
    ...(after === undefined ? {} : afterCursor(ORDER, after)),
  };
  const collection = readStore.collection<DisputeDocument>(DISPUTES);
  // One more than asked: whether there is a next page, without counting.
  const [documents, byOwner] = await Promise.all([
    collection.find(filter, { sort: { status: 1, targetKey: 1, raisedOn: 1, _id: 1 }, limit: limit + 1, readOnly: true }),
    countByOwner(readStore, owner, asOf),
  ]);
  const shown = documents.slice(0, limit);
  const items = shown.map((dispute) => itemOf(dispute, asOf));
  if (documents.length <= limit) return { asOf, items, byOwner };
  const last = shown[shown.length - 1];
  return { asOf, items, nextCursor: encodeCursor([last.status, last.targetKey, last.raisedOn, last._id]), byOwner };
}

function itemOf(dispute: DisputeDocument, asOf: BusinessDate): DisputeBoardItem {
  const { customerId, disputeId, kind, invoiceId, category, amount, currency, raisedOn, status } = dispute;
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
  return {
    customerId,
    disputeId,
    kind,
    invoiceId,
    category,
    amount,
    currency,
    raisedOn,
    ...optional('ownerTeam', dispute.ownerTeam),
    ...optional('ownerId', dispute.ownerId),
    ...optional('targetOn', dispute.targetOn),
    daysPastTarget: daysPastTargetOf(dispute, asOf),
    ...optional('remindedOn', dispute.remindedOn),
    status,
    ...optional('resolvedOn', dispute.resolvedOn),
    ...optional('resolution', dispute.resolution),
  };
}

async function countByOwner(readStore: ReadStore, owner: Filter, asOf: BusinessDate): Promise<DisputeOwnerCount[]> {
  const open = await readStore
    .collection<DisputeDocument>(DISPUTES)
    .find({ ...owner, status: 'open' }, { projection: { ownerTeam: 1, ownerId: 1, targetKey: 1 }, readOnly: true });
  const counts = new Map<string, DisputeOwnerCount>();
  for (const { ownerTeam, ownerId, targetKey } of open) {
    const key = JSON.stringify([ownerTeam, ownerId]);
    let count = counts.get(key);
    if (count === undefined) {
      count = { ownerTeam, ...(ownerId === null ? {} : { ownerId }), open: 0, pastTarget: 0 };
      counts.set(key, count);
    }
    count.open += 1;
    if (targetKey < asOf) count.pastTarget += 1;
  }
  const name = ({ ownerTeam, ownerId }: DisputeOwnerCount) => `${ownerTeam ?? '\uffff'}/${ownerId ?? ''}`;
  return [...counts.values()].sort((a, b) => b.pastTarget - a.pastTarget || b.open - a.open || (name(a) < name(b) ? -1 : 1));
}
