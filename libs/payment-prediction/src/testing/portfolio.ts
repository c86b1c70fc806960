import { BusinessDate, addDays } from '@collections/domain';
import { CustomerPaymentHistory, OpenInvoiceFeatures, SettledInvoiceFact } from '../prediction';

/** A settled invoice of 30 days' terms issued on `issuedOn`, paid `late` days after its due date. */
export function settledInvoice(
  invoiceId: string,
  issuedOn: BusinessDate,
  late: number,
  facts: Partial<SettledInvoiceFact> = {},
): SettledInvoiceFact {
  const dueOn = addDays(issuedOn, 30);
  return {
    invoiceId,
    currency: 'EUR',
    amount: 100_000,
    issuedOn,
    dueOn,
    settledOn: addDays(dueOn, late),
    disputed: false,
    reminders: 0,
    ...facts,
  };
}

export function openInvoice(issuedOn: BusinessDate, features: Partial<OpenInvoiceFeatures> = {}): OpenInvoiceFeatures {
  return {
    invoiceId: 'OPEN-1',
    currency: 'EUR',
    amount: 100_000,
    issuedOn,
    dueOn: addDays(issuedOn, 30),
    disputed: false,
    reminders: 0,
    ...features,
  };
}

export const history = (settled: SettledInvoiceFact[], facts: Partial<CustomerPaymentHistory> = {}): CustomerPaymentHistory => ({
  settled,
  promisesKept: 0,
  promisesBroken: 0,
  ...facts,
});

/**
 * A portfolio of known truth: customer c pays `levelOf(c)` days late, a disputed invoice (every
 * fourth) 14 days later still, give or take up to 3 days of fixed noise; 12 invoices each.
 */
export const levelOf = (customer: number): number => (customer % 5) * 4 - 4;
export const DISPUTE_DAYS = 14;

export function truthPortfolio(customers = 20, invoices = 12): CustomerPaymentHistory[] {
  return Array.from({ length: customers }, (_, customer) =>
    history(
      Array.from({ length: invoices }, (_, index) => {
        const disputed = (index + customer) % 4 === 0;
        const noise = ((index * 3 + customer) % 7) - 3;
        return settledInvoice(
          `C${customer}-${index}`,
          addDays('2023-01-02', index * 14),
          levelOf(customer) + (disputed ? DISPUTE_DAYS : 0) + noise,
          {
            disputed,
          },
        );
      }),
    ),
  );
}
