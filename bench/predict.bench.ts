/**
 * npm run bench:predict — predicted payment dates and the cash forecast, backtested on the IBM
 * accounts-receivable file (../shared/data/ibm-accounts-receivable.csv, every invoice settled):
 *  1. every invoice issued in the last 12 months of the file, predicted on its issue day from only
 *     what was settled before that day (the model refitted each day on the portfolio then), beside
 *     two baselines of the same run: "pays on the due date" and "the customer's median days to
 *     settle so far"; the mean absolute error in days and the share settled inside the 10–90% range;
 *  2. the same with the invoice's dispute unknown (as on its issue day, before anyone disputed it);
 *  3. at each month start of those 12 months, the 13-week cash forecast of the invoices open then,
 *     against what those invoices really brought in each week: the weekly mean absolute error, the
 *     WAPE (Σ|forecast − actual| ÷ Σ actual) beside "paid on the due date", and the share of weeks
 *     inside [low, high].
 * Figures are printed, never asserted; the last line is one line of JSON. IBM_AR_FILE=<path> reads another file.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { BusinessDate, addDays } from '@collections/domain';
import { HistoricalInvoice, backtestCashForecast, predictOnIssue, scoreForecasts, scorePredictions } from '@collections/payment-prediction';
import { readIbmAr } from '../apps/cli/src/import/ibm-ar';

const FILE = process.env.IBM_AR_FILE ?? join(__dirname, '../../shared/data/ibm-accounts-receivable.csv');
const CURRENCY = 'USD';

/** The file's PaperlessBill per invoice: how that invoice was billed (the importer does not read it). */
async function channels(): Promise<Map<string, 'electronic' | 'paper'>> {
  const byInvoice = new Map<string, 'electronic' | 'paper'>();
  for await (const record of createReadStream(FILE).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }))) {
    const bill = String(record.PaperlessBill ?? '')
      .trim()
      .toLowerCase();
    if (bill === 'paper' || bill === 'electronic') byInvoice.set(String(record.invoiceNumber).trim(), bill);
  }
  return byInvoice;
}

/** The same day a year earlier (29 February → 1 March). */
const yearBefore = (day: BusinessDate): BusinessDate =>
  addDays(`${Number(day.slice(0, 4)) - 1}${day.slice(4, 8)}01`, Number(day.slice(8)) - 1);

const monthStartsFrom = (from: BusinessDate, count: number): BusinessDate[] =>
  Array.from({ length: count }, (_, index) => {
    const month = Number(from.slice(5, 7)) + index;
    const year = Number(from.slice(0, 4)) + Math.floor((month - 1) / 12);
    return `${year}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-01`;
  });

const days = (value: number) => value.toFixed(2);
const share = (value: number) => `${(value * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const started = performance.now();
  const [file, billed] = await Promise.all([readIbmAr(createReadStream(FILE), CURRENCY), channels()]);
  const book: HistoricalInvoice[] = file.invoices
    .map((invoice) => ({ ...invoice, currency: CURRENCY, channel: billed.get(invoice.invoiceId) }))
    .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
  const lastIssued = book[book.length - 1].issuedOn;
  const evaluateFrom = addDays(yearBefore(lastIssued), 1);
  console.log(`${file.invoices.length} invoices read (${file.badRows.length} rows skipped), issued ${book[0].issuedOn} … ${lastIssued}`);
  console.log(`evaluated: issued ${evaluateFrom} … ${lastIssued}, each predicted on its issue day from what was settled before it`);

  const score = scorePredictions(predictOnIssue(book, evaluateFrom));
  const unknownDispute = scorePredictions(predictOnIssue(book, evaluateFrom, { disputeKnown: false }));
  console.log(`\npredicted payment dates, ${score.invoices} invoices: mean absolute error in days`);
  console.log(
    `  the model                          ${days(score.mae)}  (${(score.mae / score.baselineCustomerMedian).toFixed(2)}× the customer's median; target ≤ 0.80×)`,
  );
  console.log(`  pays on the due date               ${days(score.baselineDueDate)}`);
  console.log(`  the customer's median so far       ${days(score.baselineCustomerMedian)}`);
  console.log(`  settled inside the 10–90% range    ${share(score.coverage)}  (target 75–85%)`);
  console.log(`  with the dispute not yet known     ${days(unknownDispute.mae)}  (range coverage ${share(unknownDispute.coverage)})`);

  const madeOn = monthStartsFrom(`${evaluateFrom.slice(0, 7)}-01`, 13)
    .filter((day) => day >= evaluateFrom)
    .slice(0, 12);
  const forecast = scoreForecasts(backtestCashForecast(book, madeOn, CURRENCY));
  console.log(
    `\n13-week cash forecasts made on ${madeOn[0]} … ${madeOn[madeOn.length - 1]} (${madeOn.length}), against what the invoices open then brought in`,
  );
  console.log(`  weekly mean absolute error         ${(forecast.weeklyMae / 100).toFixed(2)} ${CURRENCY}`);
  console.log(`  WAPE                               ${share(forecast.wape)}  (paid on the due date: ${share(forecast.wapeDueDate)})`);
  console.log(`  weeks inside [low, high]           ${share(forecast.coverage)}`);
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);

  const round = (value: number, digits = 3) => Number(value.toFixed(digits));
  console.log(
    JSON.stringify({
      invoices: score.invoices,
      mae: round(score.mae),
      baselineDueDate: round(score.baselineDueDate),
      baselineCustomerMedian: round(score.baselineCustomerMedian),
      coverage: round(score.coverage),
      maeDisputeUnknown: round(unknownDispute.mae),
      forecastWeeklyMae: Math.round(forecast.weeklyMae),
      forecastWape: round(forecast.wape),
      forecastWapeDueDate: round(forecast.wapeDueDate),
      forecastCoverage: round(forecast.coverage),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
