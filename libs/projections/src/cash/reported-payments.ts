import { BusinessDate, CashCandidate, CurrencyCode, addDays } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { PAYMENT_REPORTS, PaymentReportDocument, ReportedPayment, UnidentifiedCash } from './cash.projection';

/**
 * Payments customers reported making are hints for cash application, never cash: next to a
 * customer's unapplied cash they show what the customer said it paid (amount, day, reference,
 * invoices), and unidentified cash of exactly a reported amount names the customer who reported
 * it as a candidate. A report is a hint for 30 days from the day it was made: by then its money
 * has been found or it has not come.
 */
export const REPORTED_PAYMENT_HINT_DAYS = 30;

/** Why unidentified cash names a customer who reported paying exactly its amount. */
export const reportedPaymentReason = ({ reportId, paidOn, reference }: ReportedPayment): string =>
  `reported paying exactly this amount on ${paidOn} (report ${reportId}${reference === undefined ? '' : `, reference ${reference}`})`;

/** The first day a report made is still a hint on `today` (the day made counts as the first of the 30). */
const oldestHintOn = (today: BusinessDate): BusinessDate => addDays(today, 1 - REPORTED_PAYMENT_HINT_DAYS);

const reportOf = ({ reportId, amount, currency, paidOn, reference, invoiceIds, reportedOn }: PaymentReportDocument): ReportedPayment => ({
  reportId,
  amount,
  currency,
  paidOn,
  ...(reference === undefined ? {} : { reference }),
  invoiceIds: [...invoiceIds],
  reportedOn,
});

/** The reports still hints on `today` (every one without it) of these customers in these currencies, by customer and currency. */
export async function reportedPaymentsOf(
  readStore: ReadStore,
  customerIds: readonly string[],
  currencies: readonly CurrencyCode[],
  today: BusinessDate | undefined,
): Promise<Map<string, ReportedPayment[]>> {
  const byCustomer = new Map<string, ReportedPayment[]>();
  if (customerIds.length === 0) return byCustomer;
  const reports = await readStore.collection<PaymentReportDocument>(PAYMENT_REPORTS).find(
    {
      customerId: { $in: [...customerIds] },
      currency: { $in: [...currencies] },
      ...(today === undefined ? {} : { reportedOn: { $gte: oldestHintOn(today) } }),
    },
    { sort: { reportedOn: 1, _id: 1 }, readOnly: true },
  );
  for (const report of reports) {
    const key = `${report.customerId}/${report.currency}`;
    const listed = byCustomer.get(key);
    if (listed) listed.push(reportOf(report));
    else byCustomer.set(key, [reportOf(report)]);
  }
  return byCustomer;
}

/**
 * The candidates of waiting unidentified cash with the customers who reported paying exactly its
 * amount in its currency, on or before the day it was received, in the last 30 days of `today`.
 */
export async function withReportedPayers<T extends UnidentifiedCash>(
  readStore: ReadStore,
  cash: readonly T[],
  today: BusinessDate | undefined,
): Promise<T[]> {
  const waiting = cash.filter(({ status }) => status === 'waiting');
  if (waiting.length === 0) return [...cash];
  const reports = await readStore.collection<PaymentReportDocument>(PAYMENT_REPORTS).find(
    {
      amount: { $in: [...new Set(waiting.map(({ amount }) => amount))] },
      currency: { $in: [...new Set(waiting.map(({ currency }) => currency))] },
      ...(today === undefined ? {} : { reportedOn: { $gte: oldestHintOn(today) } }),
    },
    { sort: { reportedOn: 1, _id: 1 }, readOnly: true },
  );
  if (reports.length === 0) return [...cash];
  return cash.map((item) => {
    if (item.status !== 'waiting') return item;
    const reported: CashCandidate[] = reports
      .filter(({ amount, currency, paidOn }) => amount === item.amount && currency === item.currency && paidOn <= item.receivedOn)
      .map((report) => ({ customerId: report.customerId, reason: reportedPaymentReason(report) }));
    return reported.length === 0 ? item : { ...item, candidates: [...item.candidates, ...reported] };
  });
}
