import { ActionItem, BusinessDate, CurrencyCode, DisputeCategory, RootCause } from '@collections/domain';
import { ReadDocument } from '@collections/read-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { BatchDocuments, Projection } from '../projection';

/**
 * The path each account took through the collection procedure (docs/architecture.md#the-collection-procedure), one document per
 * customer: what a post-mortem of a written-off account looks back on. Dates of "first" steps are
 * the earliest seen, so back-dated events land where they belong.
 */
export const COLLECTION_PATHS = 'collection_paths';

/** Amounts per currency: ISO codes are safe MongoDB field names. */
export type AmountsByCurrency = Record<CurrencyCode, number>;

export interface PathInvoice {
  invoiceId: string;
  dueOn: BusinessDate;
}

export interface PathDispute {
  disputeId: string;
  invoiceId: string;
  category: DisputeCategory;
  amount: number;
  currency: CurrencyCode;
  raisedOn: BusinessDate;
  resolvedOn: BusinessDate | null;
}

export interface PathWriteOff {
  writeOffId: string;
  writtenOffOn: BusinessDate;
  invoiceIds: string[];
  amounts: AmountsByCurrency;
}

export interface PathCreditHold {
  placedOn: BusinessDate;
  reason: string;
  liftedOn: BusinessDate | null;
}

export interface PathPostMortem {
  postMortemId: string;
  rootCause: RootCause;
  summary: string;
  actionItems: ActionItem[];
  recordedOn: BusinessDate;
}

export interface CollectionPathDocument extends ReadDocument {
  customerId: string;
  /** Arrays rather than maps keyed by id: ids may hold characters MongoDB forbids in field names. */
  invoices: PathInvoice[];
  firstReminderOn: BusinessDate | null;
  remindersSent: number;
  highestReminderLevel: number;
  firstContactOn: BusinessDate | null;
  contacts: number;
  promisesMade: number;
  promisesKept: number;
  promisesBroken: number;
  disputes: PathDispute[];
  referredToAgencyOn: BusinessDate | null;
  legalActionOn: BusinessDate | null;
  writeOffs: PathWriteOff[];
  /** Totals of `writeOffs`, so that analysts can filter and sort on them directly. */
  writtenOff: AmountsByCurrency;
  firstWrittenOffOn: BusinessDate | null;
  lastWrittenOffOn: BusinessDate | null;
  recovered: AmountsByCurrency;
  creditHolds: PathCreditHold[];
  postMortems: PathPostMortem[];
}

export const emptyCollectionPath = (customerId: string): CollectionPathDocument => ({
  _id: customerId,
  customerId,
  invoices: [],
  firstReminderOn: null,
  remindersSent: 0,
  highestReminderLevel: 0,
  firstContactOn: null,
  contacts: 0,
  promisesMade: 0,
  promisesKept: 0,
  promisesBroken: 0,
  disputes: [],
  referredToAgencyOn: null,
  legalActionOn: null,
  writeOffs: [],
  writtenOff: {},
  firstWrittenOffOn: null,
  lastWrittenOffOn: null,
  recovered: {},
  creditHolds: [],
  postMortems: [],
});

const earliest = (current: BusinessDate | null, candidate: BusinessDate): BusinessDate =>
  current === null || candidate < current ? candidate : current;
const latest = (current: BusinessDate | null, candidate: BusinessDate): BusinessDate =>
  current === null || candidate > current ? candidate : current;

function add(amounts: AmountsByCurrency, currency: CurrencyCode, amount: number): void {
  amounts[currency] = (amounts[currency] ?? 0) + amount;
}

export const collectionPathProjection: Projection = {
  name: 'collection-path',
  version: 1,
  collections: [{ name: COLLECTION_PATHS, indexes: [{ keys: { lastWrittenOffOn: -1 } }] }],
  eventTypes: [
    'InvoiceRegistered',
    'ReminderSent',
    'ContactLogged',
    'PromiseMade',
    'PromiseKept',
    'PromiseBroken',
    'DisputeRaised',
    'DeductionClaimed',
    'DisputeResolved',
    'ReferredToAgency',
    'LegalActionInitiated',
    'CreditHoldPlaced',
    'CreditHoldLifted',
    'WrittenOff',
    'RecoveryReceived',
    'PostMortemRecorded',
  ],

  async apply({ event, customerId }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    // The batch owns the documents it hands out, so each case changes the path in place.
    const path = (await documents.get<CollectionPathDocument>(COLLECTION_PATHS, customerId)) ?? emptyCollectionPath(customerId);
    switch (event.type) {
      case 'InvoiceRegistered':
        path.invoices.push({ invoiceId: event.data.invoiceId, dueOn: event.data.dueOn });
        break;
      case 'ReminderSent':
        path.firstReminderOn = earliest(path.firstReminderOn, event.data.sentOn);
        path.remindersSent += 1;
        path.highestReminderLevel = Math.max(path.highestReminderLevel, event.data.level);
        break;
      case 'ContactLogged':
        path.firstContactOn = earliest(path.firstContactOn, event.data.contactedOn);
        path.contacts += 1;
        break;
      case 'PromiseMade':
        path.promisesMade += 1;
        break;
      case 'PromiseKept':
        path.promisesKept += 1;
        break;
      case 'PromiseBroken':
        path.promisesBroken += 1;
        break;
      case 'DisputeRaised': {
        const { disputeId, invoiceId, category, amount, currency, raisedOn } = event.data;
        path.disputes.push({ disputeId, invoiceId, category, amount, currency, raisedOn, resolvedOn: null });
        break;
      }
      case 'DeductionClaimed': {
        // A deduction shares the dispute id space and closes with DisputeResolved too.
        const { deductionId, invoiceId, amount, currency, claimedOn } = event.data;
        path.disputes.push({
          disputeId: deductionId,
          invoiceId,
          category: 'deduction',
          amount,
          currency,
          raisedOn: claimedOn,
          resolvedOn: null,
        });
        break;
      }
      case 'DisputeResolved': {
        const dispute = path.disputes.find((candidate) => candidate.disputeId === event.data.disputeId);
        if (dispute && dispute.resolvedOn === null) dispute.resolvedOn = event.data.resolvedOn;
        break;
      }
      case 'ReferredToAgency':
        path.referredToAgencyOn = earliest(path.referredToAgencyOn, event.data.referredOn);
        break;
      case 'LegalActionInitiated':
        path.legalActionOn = earliest(path.legalActionOn, event.data.initiatedOn);
        break;
      case 'CreditHoldPlaced':
        path.creditHolds.push({ placedOn: event.data.placedOn, reason: event.data.reason, liftedOn: null });
        break;
      case 'CreditHoldLifted': {
        const hold = path.creditHolds.find((candidate) => candidate.liftedOn === null);
        if (hold) hold.liftedOn = event.data.liftedOn;
        break;
      }
      case 'WrittenOff': {
        const { writeOffId, writtenOffOn, invoices } = event.data;
        const amounts: AmountsByCurrency = {};
        for (const { amount, currency } of invoices) {
          add(amounts, currency, amount);
          add(path.writtenOff, currency, amount);
        }
        path.writeOffs.push({ writeOffId, writtenOffOn, invoiceIds: invoices.map((invoice) => invoice.invoiceId), amounts });
        path.firstWrittenOffOn = earliest(path.firstWrittenOffOn, writtenOffOn);
        path.lastWrittenOffOn = latest(path.lastWrittenOffOn, writtenOffOn);
        break;
      }
      case 'RecoveryReceived':
        add(path.recovered, event.data.currency, event.data.amount);
        break;
      case 'PostMortemRecorded': {
        const { postMortemId, rootCause, summary, actionItems, recordedOn } = event.data;
        path.postMortems.push({ postMortemId, rootCause, summary, actionItems, recordedOn });
        break;
      }
      default:
        return;
    }
    documents.put(COLLECTION_PATHS, path);
  },
};
