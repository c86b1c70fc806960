import { BusinessDate, DisputeCategory, RootCause, daysBetween } from '@collections/domain';
import {
  AmountsByCurrency,
  CollectionPathDocument,
  PathCreditHold,
  PathDispute,
  PathPostMortem,
  PathWriteOff,
} from './collection-path.projection';

/**
 * A written-off account seen from its oldest written-off debt: how many days after that invoice
 * fell due each escalation step first happened (null when it never did), and what was tried.
 */
export interface PostMortemView {
  customerId: string;
  /** The earliest due date among the written-off invoices: day 0 of the path. */
  earliestDueOn: BusinessDate | null;
  daysToFirstReminder: number | null;
  daysToFirstContact: number | null;
  daysToAgency: number | null;
  daysToLegalAction: number | null;
  daysToWriteOff: number | null;
  remindersSent: number;
  highestReminderLevel: number;
  contacts: number;
  promisesMade: number;
  promisesKept: number;
  promisesBroken: number;
  disputes: PathDispute[];
  /** Each complaint category once, in the order first recorded. */
  disputeCategories: DisputeCategory[];
  creditHolds: PathCreditHold[];
  writeOffs: PathWriteOff[];
  writtenOff: AmountsByCurrency;
  recovered: AmountsByCurrency;
  /** Each recorded root cause once, in the order recorded. */
  rootCauses: RootCause[];
  /** Every post-mortem with its summary and action items. */
  postMortems: PathPostMortem[];
}

/** The post-mortem view of an account's path; null while nothing has been written off. */
export function postMortemOf(path: CollectionPathDocument): PostMortemView | null {
  if (path.writeOffs.length === 0) return null;
  const writtenOffIds = new Set(path.writeOffs.flatMap((writeOff) => writeOff.invoiceIds));
  const earliestDueOn = path.invoices
    .filter((invoice) => writtenOffIds.has(invoice.invoiceId))
    .reduce<BusinessDate | null>((earliest, { dueOn }) => (earliest === null || dueOn < earliest ? dueOn : earliest), null);
  const daysTo = (step: BusinessDate | null): number | null =>
    earliestDueOn === null || step === null ? null : daysBetween(earliestDueOn, step);
  return {
    customerId: path.customerId,
    earliestDueOn,
    daysToFirstReminder: daysTo(path.firstReminderOn),
    daysToFirstContact: daysTo(path.firstContactOn),
    daysToAgency: daysTo(path.referredToAgencyOn),
    daysToLegalAction: daysTo(path.legalActionOn),
    daysToWriteOff: daysTo(path.firstWrittenOffOn),
    remindersSent: path.remindersSent,
    highestReminderLevel: path.highestReminderLevel,
    contacts: path.contacts,
    promisesMade: path.promisesMade,
    promisesKept: path.promisesKept,
    promisesBroken: path.promisesBroken,
    disputes: path.disputes,
    disputeCategories: [...new Set(path.disputes.map((dispute) => dispute.category))],
    creditHolds: path.creditHolds,
    writeOffs: path.writeOffs,
    writtenOff: path.writtenOff,
    recovered: path.recovered,
    rootCauses: [...new Set(path.postMortems.map((postMortem) => postMortem.rootCause))],
    postMortems: path.postMortems,
  };
}
