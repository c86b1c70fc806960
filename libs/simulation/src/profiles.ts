import { DisputeCategory, RootCause } from '@collections/domain';

/**
 * How a simulated customer behaves, and the numbers behind it. Every draw below comes from its
 * own seeded generator (random.ts), keyed by the customer and the invoice or arrangement, so the
 * book is the same for the same seed however it is run.
 *
 * The book
 * - Customers `SIM-00001`, `SIM-00002`, …; a profile each, drawn with the weights of PROFILE_MIX
 *   (on_time 35 %, late_payer 20 %, pays_after_reminder 15 %, promise_keeper 8 %,
 *   promise_breaker 6 %, disputer 6 %, payment_plan 4 %, agency_bound 4 %, write_off 2 %).
 * - Collectors `COL-1` … `COL-25`, each with a portfolio of 40 consecutive customers
 *   (SIM-00001–SIM-00040 to COL-1, …; the 26th block starts again at COL-1), so adding
 *   customers changes no one's collector; a manager assigns them (AssignCollector) on the
 *   customer's first invoice day.
 * - Payment terms per customer: 30 days (50 %), 45 (25 %) or 60 (25 %); dueOn = issuedOn + terms.
 * - Invoice cadence per customer: c uniform in 10–40 days. The first invoice is issued 0–6 days
 *   after the start, each next one 0.7c–1.3c days after the previous (uniform). Only invoices
 *   issued within the simulated days exist; none are issued while the account is on credit hold.
 * - Amounts in minor units: each customer's typical amount is log-normal (median 2,000.00,
 *   σ = 0.9), each invoice log-normal around it (σ = 0.35), rounded and clipped to
 *   50.00 – 50,000.00. So most invoices are a few hundred to a few thousand, a few much larger.
 *
 * The behaviours (each command also guarded by the account as it stands)
 * - on_time: pays each invoice in full 0–14 days before its due date (never before the day
 *   after issue).
 * - late_payer: pays each invoice in full 1–25 days after its due date.
 * - pays_after_reminder: pays an invoice in full 1–6 days after its dunning level reaches a
 *   drawn level: 1 (30 %), 2 (45 %) or 3 (25 %).
 * - promise_keeper / promise_breaker: 1–3 days after an overdue invoice is reminded at level ≥ 2,
 *   the collector calls (LogContact) and takes a promise (MakePromise) for the balance of every
 *   overdue invoice at level ≥ 2 not yet promised, due 5–14 days later. A keeper pays it all on
 *   a day between the promise and its date. A breaker pays nothing (60 %) or 30–70 % of it
 *   (40 %); once the engine declares it broken, the breaker pays the rest late (60 %, 9–44 days
 *   after the promised date) or never.
 * - disputer: pays on time, except one of its first two invoices. That one is disputed
 *   (75 %: RaiseDispute 2–10 days after the due date, whole balance or 20–60 % of it with the
 *   rest paid at once; category uniform over failed_product, poor_service, damaged_goods,
 *   wrong_item, pricing) or paid short under an authorized deduction (25 %: ClaimDeduction of
 *   5–15 % on the on-time pay day). The collector resolves it 20–60 days later: a credit memo
 *   (60 % of disputes, 80 % of deductions; the whole amount 70 % of the time, else 50–90 % of
 *   it) or customer liable; the customer pays what is left 3–15 days after.
 * - payment_plan: 1–5 days after an overdue invoice is reminded at level ≥ 2, the collector
 *   logs a call and agrees a plan (AgreePaymentPlan) for every overdue invoice at level ≥ 2 not
 *   yet on a plan: three installments (a third each, the remainder on the last) due 30, 60 and
 *   90 days later. One plan at a time: what falls overdue meanwhile is dunned and waits for the
 *   next plan. Each installment is paid 0–5 days before it falls due; 25 % of plans miss one
 *   (the 1st, 2nd or 3rd alike), after which the engine defaults the plan and the customer pays
 *   the rest 10–40 days after the missed date (60 %) or never.
 * - agency_bound: never pays. 2–7 days after the engine proposes an agency referral, a manager
 *   refers the proposed invoices (ReferToAgency) to one of AGENCIES; the engine's saga puts the
 *   account on credit hold. The agency collects 20–60 % of the oldest referred invoice 30–90
 *   days later (40 %; a ReceivePayment, since the invoice is not written off). 3–10 days after
 *   the first write-off proposal a manager writes off every open invoice; the agency then
 *   recovers 10–40 % of a referred invoice 20–120 days later (30 % per invoice, ReceiveRecovery).
 * - write_off: never pays. 3–10 days after the engine proposes an agency referral or a write-off,
 *   a manager puts the account on credit hold and writes off every open invoice (the customer
 *   is insolvent: an agency would recover nothing). The default policy proposes a
 *   write-off only at 180 days past due, so within half a year the referral proposal is the
 *   only point a write-off can follow.
 * - After every write-off a manager records a post-mortem 1–10 days later (root cause drawn
 *   from ROOT_CAUSE_MIX, one or two action items due 14 and 30 days on).
 */
export const CUSTOMER_PROFILES = [
  'on_time',
  'late_payer',
  'pays_after_reminder',
  'promise_keeper',
  'promise_breaker',
  'disputer',
  'payment_plan',
  'agency_bound',
  'write_off',
] as const;

export type CustomerProfile = (typeof CUSTOMER_PROFILES)[number];

/** The share of each profile in the book, in percent (sums to 100). */
export const PROFILE_MIX: Readonly<Record<CustomerProfile, number>> = {
  on_time: 35,
  late_payer: 20,
  pays_after_reminder: 15,
  promise_keeper: 8,
  promise_breaker: 6,
  disputer: 6,
  payment_plan: 4,
  agency_bound: 4,
  write_off: 2,
};

/** Payment terms in days, with their weights. */
export const TERMS_MIX: Readonly<Record<'30' | '45' | '60', number>> = { '30': 50, '45': 25, '60': 25 };

export const INVOICE_AMOUNTS = {
  /** The median of customers' typical invoice amounts, in minor units (2,000.00). */
  median: 200_000,
  /** σ of log(typical amount) across customers. */
  customerSigma: 0.9,
  /** σ of log(amount) around a customer's typical amount. */
  invoiceSigma: 0.35,
  minimum: 5_000,
  maximum: 5_000_000,
} as const;

export const CADENCE_DAYS = { minimum: 10, maximum: 40, firstInvoiceWithin: 6, jitter: 0.3 } as const;

/** How many consecutive customers make one collector's portfolio, and how many collectors there are. */
export const CUSTOMERS_PER_COLLECTOR = 40;
export const MAX_COLLECTORS = 25;

/** The dunning level after which a pays_after_reminder customer pays, with weights. */
export const REMINDER_TRIGGER_MIX: Readonly<Record<'1' | '2' | '3', number>> = { '1': 30, '2': 45, '3': 25 };

export const DISPUTE_CATEGORIES_SIMULATED: readonly DisputeCategory[] = [
  'failed_product',
  'poor_service',
  'damaged_goods',
  'wrong_item',
  'pricing',
];

export const DISPUTE_DESCRIPTIONS: Readonly<Record<DisputeCategory, string>> = {
  failed_product: 'Units failed within the first week of use',
  poor_service: 'Installation was not completed as agreed',
  damaged_goods: 'Goods arrived damaged; photos sent to sales',
  wrong_item: 'Wrong item shipped; the right one was delivered later',
  pricing: 'Invoiced above the agreed price list',
  deduction: 'Deduction under a programme',
};

export const AGENCIES = ['Baltic Recovery UAB', 'Nordic Credit Partners Oy', 'Vilnius Debt Services'] as const;

export const DEDUCTION_PROGRAMME = 'Co-op marketing programme 2025';

export const ROOT_CAUSE_MIX: Readonly<Partial<Record<RootCause, number>>> = {
  customer_insolvency: 50,
  credit_risk_misjudged: 30,
  late_collection_action: 10,
  other: 10,
};

export const CONTACT_PEOPLE = ['Accounts payable desk', 'Chief accountant', 'Finance manager', 'Owner', 'Treasury clerk'] as const;

export const LATENESS_REASONS = [
  'Waiting for a customer of their own to pay',
  'Invoice was not approved internally in time',
  'Cash flow is tight this month',
  'Payment run was postponed',
  'Invoice was sent to the wrong address',
] as const;
