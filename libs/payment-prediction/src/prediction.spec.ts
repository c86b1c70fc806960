import fc from 'fast-check';
import { addDays, daysBetween } from '@collections/domain';
import { fitPaymentModel } from './fit-payment-model';
import { DEFAULT_PAYMENT_MODEL } from './payment-model';
import { PaymentPrediction, predictPayment } from './prediction';
import { DISPUTE_DAYS, history, levelOf, openInvoice, settledInvoice, truthPortfolio } from './testing/portfolio';

const driversAddUp = (prediction: PaymentPrediction, dueOn: string) =>
  expect(prediction.drivers.reduce((sum, driver) => sum + driver.days, 0)).toBe(daysBetween(dueOn, prediction.predictedOn));

describe('predicted payment dates', () => {
  const portfolio = truthPortfolio();
  const model = fitPaymentModel(portfolio);

  it('given a portfolio where disputes cost 14 days, when fitted, then the model learns about 14 days and the customers’ spread', () => {
    expect(model.coefficients.disputed).toBeCloseTo(DISPUTE_DAYS, 0);
    expect(model.portfolioLevel).toBeCloseTo(4, 0);
    expect(model.fittedOn).toBe(240);
    expect(model.spread).toBeGreaterThan(1);
    expect(model.spread).toBeLessThan(4);
  });

  it('given a customer who pays 12 days late, then its invoice is predicted about 12 days after the due date, saying so', () => {
    const customer = portfolio[4]; // levelOf(4) = 12
    const invoice = openInvoice('2023-06-01', { disputeOutcomeKnown: true });
    const prediction = predictPayment(customer, invoice, '2023-06-01', model);
    expect(prediction.basis).toBe('customer');
    expect(Math.abs(daysBetween(invoice.dueOn, prediction.predictedOn) - levelOf(4))).toBeLessThanOrEqual(1);
    expect(prediction.drivers[0].fact).toMatch(
      /^usually pays 1[123] days late \(its 12 settled invoices, with \d+% of the portfolio's habit\)$/,
    );
    expect(prediction.range.from < prediction.predictedOn && prediction.predictedOn < prediction.range.to).toBe(true);
    driversAddUp(prediction, invoice.dueOn);
  });

  it('given a disputed invoice, then the dispute is a driver of about +14 days and the drivers add up to the prediction', () => {
    const invoice = openInvoice('2023-06-01', { disputed: true, disputeOutcomeKnown: true });
    const undisputed = predictPayment(portfolio[1], { ...invoice, disputed: false }, '2023-06-01', model);
    const disputed = predictPayment(portfolio[1], invoice, '2023-06-01', model);
    expect(disputed.drivers).toContainEqual({ fact: 'disputed', days: Math.round(model.coefficients.disputed) });
    expect(daysBetween(undisputed.predictedOn, disputed.predictedOn)).toBe(Math.round(model.coefficients.disputed));
    driversAddUp(disputed, invoice.dueOn);
  });

  it('given a customer without history, then the portfolio’s model is the fallback', () => {
    const invoice = openInvoice('2023-06-01', { disputeOutcomeKnown: true });
    const prediction = predictPayment(history([]), invoice, '2023-06-01', model);
    expect(prediction.basis).toBe('portfolio');
    expect(prediction.drivers[0].fact).toMatch(/^no payment history: the portfolio's customers pay \d+ days late$/);
    expect(Math.abs(daysBetween(invoice.dueOn, prediction.predictedOn) - model.portfolioLevel)).toBeLessThanOrEqual(1);
  });

  it('given no fitted model and no history, then it is the due date; with history, the customer’s own record weighed against it', () => {
    const invoice = openInvoice('2023-06-01');
    expect(predictPayment(history([]), invoice, '2023-06-01').predictedOn).toBe(invoice.dueOn);
    const ownRecord = history(Array.from({ length: 9 }, (_, index) => settledInvoice(`S-${index}`, addDays('2023-01-02', index * 7), 20)));
    // 9 of its own at 20 days against the default prior of 3 invoices at 0 days: 15 days.
    expect(daysBetween(invoice.dueOn, predictPayment(ownRecord, invoice, '2023-06-01', DEFAULT_PAYMENT_MODEL).predictedOn)).toBe(15);
  });

  it('given nothing settled, then fitting gives the default model; given terms that never vary, then terms drive nothing', () => {
    expect(fitPaymentModel([])).toBe(DEFAULT_PAYMENT_MODEL);
    expect(fitPaymentModel([history([]), history([])])).toBe(DEFAULT_PAYMENT_MODEL);
    expect(model.coefficients.terms).toBe(0);
    expect(model.coefficients.paper).toBe(0); // no channel known anywhere
  });

  it('given paper bills paid 7 days later within customers, then "billed on paper" drives a paper invoice, and the invoice’s channel wins', () => {
    const billed = truthPortfolio().map((customer) => ({
      ...customer,
      channel: 'electronic' as const,
      settled: customer.settled.map((fact, index) =>
        index % 3 === 0 ? { ...fact, channel: 'paper' as const, settledOn: addDays(fact.settledOn, 7) } : fact,
      ),
    }));
    const fitted = fitPaymentModel(billed);
    expect(fitted.coefficients.paper).toBeCloseTo(7, 0);
    const invoice = openInvoice('2023-06-01', { disputeOutcomeKnown: true });
    const onPaper = predictPayment(billed[2], { ...invoice, channel: 'paper' }, '2023-06-01', fitted);
    const electronic = predictPayment(billed[2], invoice, '2023-06-01', fitted);
    expect(onPaper.drivers).toContainEqual({ fact: 'billed on paper', days: 7 });
    expect(electronic.drivers.map((driver) => driver.fact)).not.toContain('billed on paper');
    expect(daysBetween(electronic.predictedOn, onPaper.predictedOn)).toBe(7);
  });

  it('given an undisputed invoice not yet due, then it may yet be disputed as the customer’s invoices were, later and wider; once due, not', () => {
    const customer = portfolio[1]; // 3 of its 12 invoices disputed
    const invoice = openInvoice('2023-06-01');
    const early = predictPayment(customer, invoice, '2023-06-01', model);
    const known = predictPayment(customer, { ...invoice, disputeOutcomeKnown: true }, '2023-06-01', model);
    const chance = early.drivers.find((driver) => driver.fact === 'may yet be disputed (3 of its 12 settled invoices were)');
    expect(chance!.days).toBeGreaterThan(0);
    expect(daysBetween(known.predictedOn, early.predictedOn)).toBe(chance!.days);
    expect(daysBetween(early.range.from, early.range.to)).toBeGreaterThan(daysBetween(known.range.from, known.range.to));
    driversAddUp(early, invoice.dueOn);
    const due = predictPayment(customer, invoice, invoice.dueOn, model);
    expect(due.drivers.map((driver) => driver.fact)).not.toContainEqual(expect.stringMatching(/disputed/));
  });

  it('given an invoice long overdue for a punctual customer, then the prediction is not before asOf and "still unpaid" drives it', () => {
    const invoice = openInvoice('2023-03-01', { reminders: 2 });
    const asOf = addDays(invoice.dueOn, 40);
    const prediction = predictPayment(portfolio[0], invoice, asOf, model);
    expect(prediction.predictedOn >= asOf).toBe(true);
    expect(prediction.range.from >= asOf).toBe(true);
    expect(prediction.drivers.at(-1)).toEqual({ fact: `still unpaid on ${asOf} after 2 reminders`, days: expect.any(Number) });
    expect(prediction.drivers.at(-1)!.days).toBeGreaterThan(0);
    driversAddUp(prediction, invoice.dueOn);
  });

  it('given customers who broke promises paying later, then a new customer’s broken promises move its prediction later', () => {
    const withPromises = truthPortfolio().map((customer, index) => ({ ...customer, promisesBroken: Math.max(0, levelOf(index) / 4) }));
    const promising = fitPaymentModel(withPromises);
    expect(promising.coefficients.promisesBroken).toBeGreaterThan(2);
    const prediction = predictPayment(history([], { promisesBroken: 2 }), openInvoice('2023-06-01'), '2023-06-01', promising);
    expect(prediction.drivers).toContainEqual({ fact: '2 promises broken', days: expect.any(Number) });
    expect(prediction.drivers.find((driver) => driver.fact === '2 promises broken')!.days).toBeGreaterThan(0);
  });

  it('property: the range holds the predicted date, never starts before asOf, and the drivers add up, whatever the history', () => {
    const facts = fc.array(
      fc.record({
        issued: fc.nat(300),
        late: fc.integer({ min: -30, max: 90 }),
        disputed: fc.boolean(),
        amount: fc.integer({ min: 1, max: 1e9 }),
      }),
      { maxLength: 15 },
    );
    fc.assert(
      fc.property(
        fc.array(facts, { minLength: 1, maxLength: 6 }),
        facts,
        fc.integer({ min: -40, max: 200 }),
        fc.boolean(),
        (others, own, asOfDay, disputed) => {
          const toHistory = (rows: { issued: number; late: number; disputed: boolean; amount: number }[], customer: number) =>
            history(rows.map((row, index) => settledInvoice(`C${customer}-${index}`, addDays('2023-01-02', row.issued), row.late, row)));
          const fitted = fitPaymentModel(others.map(toHistory));
          const invoice = openInvoice('2024-01-01', { disputed });
          const asOf = addDays(invoice.dueOn, asOfDay);
          const prediction = predictPayment(toHistory(own, 99), invoice, asOf, fitted);
          expect(prediction.range.from <= prediction.predictedOn && prediction.predictedOn <= prediction.range.to).toBe(true);
          expect(prediction.range.from >= asOf).toBe(true);
          driversAddUp(prediction, invoice.dueOn);
        },
      ),
      { numRuns: 200 },
    );
  });
});
