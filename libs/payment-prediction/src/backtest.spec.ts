import { addDays } from '@collections/domain';
import { HistoricalInvoice, backtestCashForecast, predictOnIssue, scoreForecasts, scorePredictions } from './backtest';

/** Three customers invoiced every 10 days through 2023: A pays 5 days late, B 20, C on the due date, disputed ones 10 days later. */
function book(): HistoricalInvoice[] {
  return ['A', 'B', 'C'].flatMap((customerId, customer) =>
    Array.from({ length: 36 }, (_, index) => {
      const issuedOn = addDays('2023-01-02', index * 10 + customer);
      const dueOn = addDays(issuedOn, 30);
      const disputed = index % 5 === 0;
      const late = [5, 20, 0][customer] + (disputed ? 10 : 0) + ((index * 3) % 5) - 2;
      return {
        customerId,
        invoiceId: `${customerId}-${index}`,
        currency: 'EUR',
        amount: 10_000 + index * 101,
        issuedOn,
        dueOn,
        settledOn: addDays(dueOn, late),
        disputed,
        channel: index % 2 === 0 ? 'paper' : 'electronic',
      };
    }),
  );
}

describe('backtests', () => {
  it('given a later settlement changed, then no prediction made before it changes (no look-ahead)', () => {
    const original = book();
    const day = '2023-07-01';
    const before = predictOnIssue(original, '2023-03-01').filter((row) => row.invoice.issuedOn <= day);
    // Every settlement on or after `day` moved 25 days later; every invoice issued after it with its dispute flag flipped.
    const rewritten = original.map((invoice) => ({
      ...invoice,
      settledOn: invoice.settledOn >= day ? addDays(invoice.settledOn, 25) : invoice.settledOn,
      disputed: invoice.issuedOn > day ? !invoice.disputed : invoice.disputed,
    }));
    const after = predictOnIssue(rewritten, '2023-03-01').filter((row) => row.invoice.issuedOn <= day);
    expect(before.length).toBeGreaterThan(30);
    expect(before.some((row) => row.invoice.settledOn >= day)).toBe(true); // its own outcome changed too
    expect(after.map((row) => [row.invoice.invoiceId, row.prediction, row.customerMedianOn])).toEqual(
      before.map((row) => [row.invoice.invoiceId, row.prediction, row.customerMedianOn]),
    );
  });

  it('given a settlement before the issue day changed, then later predictions do change (the test above can fail)', () => {
    const original = book();
    const rewritten = original.map((invoice) =>
      invoice.customerId === 'A' && invoice.settledOn < '2023-06-01' ? { ...invoice, settledOn: addDays(invoice.settledOn, 30) } : invoice,
    );
    const predictionOf = (rows: HistoricalInvoice[]) =>
      predictOnIssue(rows, '2023-06-01').find((row) => row.invoice.customerId === 'A')!.prediction;
    expect(predictionOf(rewritten).predictedOn > predictionOf(original).predictedOn).toBe(true);
  });

  it('given this book, then the model beats both baselines and scores as computed by hand for the baselines', () => {
    const predictions = predictOnIssue(book(), '2023-06-01');
    const score = scorePredictions(predictions);
    const dueDateError = predictions.reduce(
      (sum, { invoice }) => sum + Math.abs((Date.parse(invoice.settledOn) - Date.parse(invoice.dueOn)) / 86_400_000),
      0,
    );
    expect(score.invoices).toBe(predictions.length);
    expect(score.baselineDueDate).toBeCloseTo(dueDateError / predictions.length, 10);
    expect(score.mae).toBeLessThan(score.baselineCustomerMedian);
    expect(score.mae).toBeLessThan(score.baselineDueDate);
    expect(score.coverage).toBeGreaterThan(0.5);
  });

  it('given forecasts made at month starts, then each one’s weeks and beyond add up to what was open, and what came in is counted once', () => {
    const invoices = book();
    const madeOn = ['2023-05-01', '2023-06-01'];
    const weeks = backtestCashForecast(invoices, madeOn, 'EUR', 13);
    expect(weeks).toHaveLength(26);
    for (const day of madeOn) {
      const open = invoices.filter((invoice) => invoice.issuedOn < day && invoice.settledOn >= day);
      const own = weeks.filter((week) => week.madeOn === day);
      const collected = open.filter((invoice) => invoice.settledOn < addDays(day, 91)).reduce((sum, invoice) => sum + invoice.amount, 0);
      expect(own.reduce((sum, week) => sum + week.actual, 0)).toBe(collected);
      expect(own.reduce((sum, week) => sum + week.dueDateRule, 0)).toBeLessThanOrEqual(
        open.reduce((sum, invoice) => sum + invoice.amount, 0),
      );
    }
    const score = scoreForecasts(weeks);
    expect(score.wape).toBeLessThan(score.wapeDueDate);
    expect(score.coverage).toBeGreaterThanOrEqual(0);
  });
});
