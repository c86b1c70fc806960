import { BusinessDate, RootCause } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AmountsByCurrency, COLLECTION_PATHS, CollectionPathDocument, PathWriteOff } from './collection-path.projection';
import { PostMortemView, postMortemOf } from './post-mortem';

/** The post-mortem of one account; null when the customer is unknown or nothing was written off. */
export async function queryPostMortem(readStore: ReadStore, customerId: string): Promise<PostMortemView | null> {
  const path = await readStore.collection<CollectionPathDocument>(COLLECTION_PATHS).findOne({ _id: customerId }, { readOnly: true });
  return path ? postMortemOf(path) : null;
}

export interface WrittenOffAccountsQuery {
  /** Only accounts with a write-off on or after this date. */
  from?: BusinessDate;
  /** Only accounts with a write-off on or before this date. */
  to?: BusinessDate;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface WrittenOffAccount {
  customerId: string;
  firstWrittenOffOn: BusinessDate;
  lastWrittenOffOn: BusinessDate;
  writeOffs: PathWriteOff[];
  /** All the account's write-offs, not only those in the date range. */
  writtenOff: AmountsByCurrency;
  recovered: AmountsByCurrency;
  rootCauses: RootCause[];
}

export interface WrittenOffAccountsPage {
  page: number;
  pageSize: number;
  /** Matching accounts over all pages. */
  total: number;
  accounts: WrittenOffAccount[];
}

/** Accounts with a write-off (in the date range, if given), most recently written off first. */
export async function listWrittenOffAccounts(
  readStore: ReadStore,
  { from, to, page, pageSize }: WrittenOffAccountsQuery,
): Promise<WrittenOffAccountsPage> {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be a whole number from 1, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number from 1, got ${pageSize}`);
  const writtenOffOn = { ...(from !== undefined && { $gte: from }), ...(to !== undefined && { $lte: to }) };
  // $elemMatch, so that an account written off both inside and after the range still counts.
  const filter: Filter =
    from === undefined && to === undefined ? { lastWrittenOffOn: { $ne: null } } : { writeOffs: { $elemMatch: { writtenOffOn } } };
  const paths = readStore.collection<CollectionPathDocument>(COLLECTION_PATHS);
  const [total, documents] = await Promise.all([
    paths.countDocuments(filter),
    paths.find(filter, {
      sort: { lastWrittenOffOn: -1, _id: 1 },
      skip: (page - 1) * pageSize,
      limit: pageSize,
      projection: { customerId: 1, firstWrittenOffOn: 1, lastWrittenOffOn: 1, writeOffs: 1, writtenOff: 1, recovered: 1, postMortems: 1 },
      readOnly: true,
    }),
  ]);
  const accounts = documents.map((path): WrittenOffAccount => ({
    customerId: path.customerId,
    // The filter admits only accounts with a write-off, so both dates are set.
    firstWrittenOffOn: path.firstWrittenOffOn as BusinessDate,
    lastWrittenOffOn: path.lastWrittenOffOn as BusinessDate,
    writeOffs: path.writeOffs,
    writtenOff: path.writtenOff,
    recovered: path.recovered,
    rootCauses: [...new Set(path.postMortems.map((postMortem) => postMortem.rootCause))],
  }));
  return { page, pageSize, total, accounts };
}
