import { Filter, Pipeline, Projection, QueryBoundError, QueryRefusedError, ReadStore, Sort } from '@collections/read-store';
import { ALL_PROJECTIONS } from '../all-projections';

/**
 * Ad-hoc questions for analysts over the read models, in both modes: one validated request, run
 * through the ReadStore port within bounds (rows, time, memory), by mingo embedded and by the
 * driver on MongoDB alike. The checks are in ad-hoc-query.check.ts.
 */

/**
 * The collections a question may read: every read model's, and nothing else — not the projections'
 * checkpoints, nor the policy engine's stores, the letters outbox or any other internal collection
 * (a projection's collection marked `internal`, such as the fitted payment model).
 */
export const QUERYABLE_COLLECTIONS: readonly string[] = ALL_PROJECTIONS.flatMap((projection) =>
  projection.collections.filter((collection) => !collection.internal).map((collection) => collection.name),
).sort();

export const isQueryableCollection = (name: string): boolean => QUERYABLE_COLLECTIONS.includes(name);

/** Rows a question answers with unless it says `limit`, and the most it may ask for. */
export const DEFAULT_QUERY_ROWS = 1_000;
export const MAX_QUERY_ROWS = 10_000;
/** How long a question may run: MongoDB's maxTimeMS, the embedded store's deadline. */
export const QUERY_TIME_BOUND_MS = 5_000;

/** A question: a filter (with projection, sort, skip) or an aggregation pipeline; `limit` rows either way. */
export type AdHocQuery =
  { filter: Filter; projection?: Projection; sort?: Sort; skip?: number; limit?: number } | { pipeline: Pipeline; limit?: number };

export interface AdHocAnswer {
  collection: string;
  rows: Record<string, unknown>[];
  /** More rows matched than `limit`: only the first `limit` are here. */
  truncated: boolean;
  limit: number;
  /** When truncated, which bound cut the answer and how to get the rest. */
  truncation?: string;
}

/** A question stopped at its time or memory bound: which one, and how to narrow the question. */
export class QueryOverBoundError extends Error {
  constructor(
    readonly bound: 'time' | 'memory',
    message: string,
  ) {
    super(message);
    this.name = 'QueryOverBoundError';
  }
}

/** The store could not evaluate the question (an unknown operator, a bad argument): where, and the store's words. */
export class QueryNotEvaluableError extends Error {
  constructor(
    readonly pointer: '/filter' | '/pipeline',
    readonly storeMessage: string,
  ) {
    super(`The read store cannot evaluate this ${pointer === '/filter' ? 'filter' : 'pipeline'}: ${storeMessage}`);
    this.name = 'QueryNotEvaluableError';
  }
}

const HOW_TO_NARROW: Record<'time' | 'memory', string> = {
  time:
    `it ran longer than ${QUERY_TIME_BOUND_MS / 1000} s and was stopped. Narrow it: a $match first, on fields such as ` +
    'customerId, currency or status; fewer $lookup stages, each with localField and foreignField',
  memory:
    'a $sort or $group stage was handed more documents than it may hold in memory. Narrow it: a $match before the ' +
    '$sort or $group, or a $group on fewer distinct values',
};

/**
 * Answers a checked question (see checkAdHocQuery) over one queryable collection. One more row than
 * `limit` is asked for, so the answer knows whether it was cut.
 */
export async function runAdHocQuery(readStore: ReadStore, collection: string, query: AdHocQuery): Promise<AdHocAnswer> {
  if (!isQueryableCollection(collection)) throw new RangeError(`${collection} is not a read model`);
  const limit = query.limit ?? DEFAULT_QUERY_ROWS;
  const bounds = { maxTimeMS: QUERY_TIME_BOUND_MS, allowDiskUse: false };
  const documents = readStore.collection(collection);
  let rows: Record<string, unknown>[];
  try {
    if ('pipeline' in query) {
      rows = await documents.aggregate([...query.pipeline, { $limit: limit + 1 }], bounds);
    } else {
      const { filter, projection, sort, skip } = query;
      rows = await documents.find(filter, { projection, sort, skip, limit: limit + 1, readOnly: true, ...bounds });
    }
  } catch (error) {
    if (error instanceof QueryBoundError) {
      throw new QueryOverBoundError(error.bound, `The question reached its ${error.bound} bound: ${HOW_TO_NARROW[error.bound]}`);
    }
    if (error instanceof QueryRefusedError) throw new QueryNotEvaluableError('pipeline' in query ? '/pipeline' : '/filter', error.message);
    throw error;
  }
  if (rows.length <= limit) return { collection, rows, truncated: false, limit };
  return {
    collection,
    rows: rows.slice(0, limit),
    truncated: true,
    limit,
    truncation:
      `More than ${limit} rows answer: these are the first ${limit}. Ask for more with limit (at most ${MAX_QUERY_ROWS}), ` +
      'page with a sort and skip, or narrow the question',
  };
}
