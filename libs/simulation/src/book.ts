import { AccountState, BusinessDate, CollectionCommand, CurrencyCode, addDays, isBusinessDate, isCurrencyCode } from '@collections/domain';
import { CustomerDay } from './customer-day/customer-day';
import {
  CADENCE_DAYS,
  CUSTOMERS_PER_COLLECTOR,
  CustomerProfile,
  INVOICE_AMOUNTS,
  MAX_COLLECTORS,
  PROFILE_MIX,
  REMINDER_TRIGGER_MIX,
  TERMS_MIX,
} from './profiles';
import { Draws } from './random';

/** The first simulated day when the options name none. */
export const DEFAULT_SIMULATION_START: BusinessDate = '2025-01-01';
export const DEFAULT_SIMULATION_CURRENCY: CurrencyCode = 'EUR';

export interface SimulationOptions {
  /** How many customers the book holds. */
  customers: number;
  /** How many business days are simulated, from `startOn`: invoices are issued only on these. */
  days: number;
  /** The same seed gives the same book and the same commands. */
  seed: number;
  /** The first simulated day; DEFAULT_SIMULATION_START when absent. */
  startOn?: BusinessDate;
  /** The currency of every invoice; EUR when absent. */
  currency?: CurrencyCode;
}

export type ResolvedSimulationOptions = Readonly<Required<SimulationOptions>>;

/** Who sends a simulated command: the ledger or bank feed, a collector, or a manager. */
export type SimulationActor = 'integration' | 'collector' | 'manager';

export interface SimulatedCommand {
  customerId: string;
  command: CollectionCommand;
  /** Deterministic: `sim:<command type>:<the id the command carries>`, so a rerun appends nothing. */
  idempotencyKey: string;
  actor: SimulationActor;
}

export interface ScheduledInvoice {
  invoiceId: string;
  /** 1, 2, 3, … per customer. */
  number: number;
  amount: number;
  currency: CurrencyCode;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
}

export interface SimulatedCustomer {
  customerId: string;
  profile: CustomerProfile;
  collectorId: string;
  currency: CurrencyCode;
  /** Payment terms: dueOn = issuedOn + termsDays. */
  termsDays: number;
  /** The customer's usual days between invoices. */
  cadenceDays: number;
  /** The customer's typical invoice amount in minor units. */
  typicalAmount: number;
  /** The invoices issued within the simulated days (RegisterInvoice skips them while on credit hold). */
  invoices: readonly ScheduledInvoice[];
}

/** What the behaviours need about one invoice, drawn once when the book is made. */
export interface InvoicePlan extends ScheduledInvoice {
  /** on_time, late_payer and disputer: the day the invoice is paid in full. */
  payOn?: BusinessDate;
  /** pays_after_reminder: the dunning level, and the days after that reminder, it pays at. */
  payAfterLevel?: number;
  payAfterDays?: number;
}

/** A customer as the behaviours see it: the public description plus its drawn plans. */
export interface CustomerPlan extends SimulatedCustomer {
  invoicePlans: ReadonlyMap<string, InvoicePlan>;
  issuedOn: ReadonlyMap<BusinessDate, InvoicePlan>;
  /** disputer: the invoice it disputes (one of its first two) and how. */
  disputed?: { invoiceId: string; kind: 'dispute' | 'deduction' };
}

/**
 * A seeded, realistic book of customers and invoices, and what people and outside systems do
 * each business day (see profiles.ts for the distributions). Pure: the schedule is drawn once
 * in the constructor; `actionsOn` reads the accounts it is given and draws every decision from
 * a generator keyed by the seed and what the decision is about, so it can be asked about any
 * day, in any order, any number of times.
 */
export class SimulatedBook {
  readonly options: ResolvedSimulationOptions;
  readonly customers: readonly SimulatedCustomer[];
  private readonly plans: readonly CustomerPlan[];
  private readonly byId: ReadonlyMap<string, SimulatedCustomer>;
  private readonly draws: Draws;

  constructor(options: SimulationOptions) {
    this.options = resolve(options);
    this.draws = new Draws(this.options.seed);
    const plans: CustomerPlan[] = [];
    for (let index = 1; index <= this.options.customers; index++) {
      // Portfolios by account number: 40 customers each, the 26th block back with COL-1.
      const collectorId = `COL-${(Math.floor((index - 1) / CUSTOMERS_PER_COLLECTOR) % MAX_COLLECTORS) + 1}`;
      plans.push(this.planCustomer(customerIdOf(index), collectorId));
    }
    this.plans = plans;
    this.customers = plans.map(({ invoicePlans, issuedOn, disputed, ...customer }) => customer);
    this.byId = new Map(this.customers.map((customer) => [customer.customerId, customer]));
  }

  /** The last simulated day (the day before the start when `days` is 0). */
  get lastDay(): BusinessDate {
    return addDays(this.options.startOn, this.options.days - 1);
  }

  /** Every simulated day, in order. */
  dates(): BusinessDate[] {
    return Array.from({ length: this.options.days }, (_, offset) => addDays(this.options.startOn, offset));
  }

  customer(customerId: string): SimulatedCustomer | undefined {
    return this.byId.get(customerId);
  }

  /**
   * Everything people and systems do on `date`, before the policy engine's run for that day,
   * given each customer's account as it stands (its events folded so far). Customers in id
   * order; within a customer: invoices, assignment, managers' decisions, collectors' calls and
   * disputes, then payments. Applied in this order, every command is accepted by `decide`.
   * `accountOf` is called only for customers whose first invoice is issued by `date`.
   */
  actionsOn(date: BusinessDate, accountOf: (customerId: string) => AccountState): SimulatedCommand[] {
    if (!isBusinessDate(date)) throw new RangeError(`Not a business date: ${JSON.stringify(date)}`);
    const commands: SimulatedCommand[] = [];
    for (const plan of this.plans) {
      const first = plan.invoices[0];
      if (first === undefined || date < first.issuedOn) continue;
      new CustomerDay(plan, date, accountOf(plan.customerId), this.draws, commands).run();
    }
    return commands;
  }

  private planCustomer(customerId: string, collectorId: string): CustomerPlan {
    const draws = this.draws;
    const { days, startOn, currency } = this.options;
    const profile = draws.weighted([customerId, 'profile'], PROFILE_MIX);
    const termsDays = Number(draws.weighted([customerId, 'terms'], TERMS_MIX));
    const cadenceDays = draws.int([customerId, 'cadence'], CADENCE_DAYS.minimum, CADENCE_DAYS.maximum);
    const typicalAmount = clipAmount(
      draws.logNormal([customerId, 'typical-amount'], INVOICE_AMOUNTS.median, INVOICE_AMOUNTS.customerSigma),
    );
    const shortestGap = Math.round(cadenceDays * (1 - CADENCE_DAYS.jitter));
    const longestGap = Math.round(cadenceDays * (1 + CADENCE_DAYS.jitter));

    const invoices: InvoicePlan[] = [];
    // Each gap is keyed by the invoice number, so the schedule's prefix does not depend on `days`.
    let offset = draws.int([customerId, 'first-invoice'], 0, CADENCE_DAYS.firstInvoiceWithin);
    for (let number = 1; offset < days; number++) {
      const invoiceId = `${customerId}-INV-${String(number).padStart(4, '0')}`;
      const issuedOn = addDays(startOn, offset);
      const dueOn = addDays(issuedOn, termsDays);
      const amount = clipAmount(draws.logNormal([customerId, invoiceId, 'amount'], typicalAmount, INVOICE_AMOUNTS.invoiceSigma));
      invoices.push({
        invoiceId,
        number,
        amount,
        currency,
        issuedOn,
        dueOn,
        ...this.planPayment(profile, customerId, invoiceId, issuedOn, dueOn, termsDays),
      });
      offset += draws.int([customerId, invoiceId, 'gap'], shortestGap, longestGap);
    }

    let disputed: CustomerPlan['disputed'];
    if (profile === 'disputer') {
      const number = draws.int([customerId, 'disputed-invoice'], 1, 2);
      const kind = draws.chance([customerId, 'deduction'], 0.25) ? 'deduction' : 'dispute';
      disputed = { invoiceId: `${customerId}-INV-${String(number).padStart(4, '0')}`, kind };
    }
    return {
      customerId,
      profile,
      collectorId,
      currency,
      termsDays,
      cadenceDays,
      typicalAmount,
      invoices: invoices.map(({ invoiceId, number, amount, currency: code, issuedOn, dueOn }) => ({
        invoiceId,
        number,
        amount,
        currency: code,
        issuedOn,
        dueOn,
      })),
      invoicePlans: new Map(invoices.map((invoice) => [invoice.invoiceId, invoice])),
      issuedOn: new Map(invoices.map((invoice) => [invoice.issuedOn, invoice])),
      ...(disputed === undefined ? {} : { disputed }),
    };
  }

  private planPayment(
    profile: CustomerProfile,
    customerId: string,
    invoiceId: string,
    issuedOn: BusinessDate,
    dueOn: BusinessDate,
    termsDays: number,
  ): Pick<InvoicePlan, 'payOn' | 'payAfterLevel' | 'payAfterDays'> {
    const key = [customerId, invoiceId];
    switch (profile) {
      case 'on_time':
      case 'disputer': {
        const early = this.draws.int([...key, 'days-early'], 0, Math.min(14, termsDays - 1));
        return { payOn: addDays(dueOn, -early) > issuedOn ? addDays(dueOn, -early) : addDays(issuedOn, 1) };
      }
      case 'late_payer':
        return { payOn: addDays(dueOn, this.draws.int([...key, 'days-late'], 1, 25)) };
      case 'pays_after_reminder':
        return {
          payAfterLevel: Number(this.draws.weighted([...key, 'pay-after-level'], REMINDER_TRIGGER_MIX)),
          payAfterDays: this.draws.int([...key, 'pay-after-days'], 1, 6),
        };
      default:
        return {};
    }
  }
}

export function customerIdOf(index: number): string {
  return `SIM-${String(index).padStart(5, '0')}`;
}

function clipAmount(amount: number): number {
  return Math.min(INVOICE_AMOUNTS.maximum, Math.max(INVOICE_AMOUNTS.minimum, Math.round(amount)));
}

function resolve(options: SimulationOptions): ResolvedSimulationOptions {
  const { customers, days, seed } = options;
  const startOn = options.startOn ?? DEFAULT_SIMULATION_START;
  const currency = options.currency ?? DEFAULT_SIMULATION_CURRENCY;
  if (!Number.isSafeInteger(customers) || customers < 0) throw new RangeError(`customers must be a whole number ≥ 0, not ${customers}`);
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, not ${days}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, not ${seed}`);
  if (!isBusinessDate(startOn)) throw new RangeError(`startOn must be a YYYY-MM-DD date, not ${JSON.stringify(startOn)}`);
  if (!isCurrencyCode(currency)) throw new RangeError(`currency must be an ISO 4217 code, not ${JSON.stringify(currency)}`);
  return Object.freeze({ customers, days, seed, startOn, currency });
}
