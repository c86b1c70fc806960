import { composeIBAN, friendlyFormatIBAN } from 'ibantools';
import { Allocation, BusinessDate, CurrencyCode, addDays } from '@collections/domain';
import { CustomerProfile, Draws, INVOICE_AMOUNTS, ScheduledInvoice, SimulatedBook, SimulatedCustomer } from '@collections/simulation';
import { DeductionDescription, EntryDescription, StatementFileDescription, TransactionDescription } from './statement-description';

/*
 * Bank statements for a generated book, with the truth about every transfer: which customer sent
 * it and which invoices it pays. For `npm run bench:cash` and tests of the matcher at scale.
 *
 * The customers, their profiles and their invoices (amounts, issue and due dates) are the
 * simulation's (`SimulatedBook`). The payments are not: the simulation decides each one day by
 * day against accounts the policy engine has dunned (promises, plans, disputes, write-offs), as a
 * `ReceivePayment` naming its invoice; replaying that needs the engine in the loop and gives no
 * bank transfers. Here each invoice gets a pay day from its customer's profile
 * (PAY_DAYS_FROM_DUE), and the payments become transfers of the kinds of TRANSFER_MIX, drawn
 * from the same seeded, keyed `Draws`, so the same seed gives the same files.
 */

export const TRANSFER_KINDS = [
  'reference',
  'several-referenced',
  'several-unreferenced',
  'no-reference',
  'overpayment',
  'short-with-deduction',
  'unknown-payer',
] as const;

/**
 * - `reference`: one invoice, its exact amount, the invoice id in the free text (`Ustrd`, half of
 *   them, in one of several wordings) or as a referred document (`Strd/RfrdDocInf/Nb`).
 * - `several-referenced`: 2–4 invoices of the customer paid at once, their exact sum, every one
 *   named (as documents, or listed in the free text): on one invoice's pay day, the customer pays
 *   the next ones already issued too (when none is, it pays that one alone, as `reference`).
 * - `several-unreferenced`: the same without any reference: only the exact set can place it.
 * - `no-reference`: one invoice, its exact amount, no reference (no remittance, or text naming no invoice).
 * - `overpayment`: one invoice named (as `reference` names it), its amount plus 1.00 to 10% of it more.
 * - `short-with-deduction`: one invoice named as a document, its amount less 2–15%, the deduction
 *   stated against it (`RfrdDocAmt/AdjstmntAmtAndRsn`: a reason code and text).
 * - `unknown-payer`: nobody's money: an amount like an invoice's, an account nobody pays from, no reference.
 */
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** The share of each kind, in percent of the transfers (sums to 100). */
export const TRANSFER_MIX: Readonly<Record<TransferKind, number>> = {
  reference: 55,
  'several-referenced': 8,
  'several-unreferenced': 7,
  'no-reference': 15,
  overpayment: 5,
  'short-with-deduction': 5,
  'unknown-payer': 5,
};

/**
 * When a customer of each profile pays an invoice, in days from its due date (never before the
 * day after it was issued); undefined: it never pays (agency-bound and written-off customers).
 */
export const PAY_DAYS_FROM_DUE: Readonly<Record<CustomerProfile, readonly [number, number] | undefined>> = {
  on_time: [-14, 0],
  disputer: [-14, 0],
  late_payer: [1, 25],
  promise_keeper: [5, 40],
  pays_after_reminder: [10, 45],
  payment_plan: [20, 90],
  promise_breaker: [30, 120],
  agency_bound: undefined,
  write_off: undefined,
};

/** The share of customers who pay from two accounts (the others from one); either may come first. */
export const SECOND_ACCOUNT_SHARE = 0.2;
/** The share of payer IBANs written in groups of four, as on paper (the parser reads either). */
export const PAPER_FORMAT_SHARE = 0.25;

/** What a transfer really is: what the import is measured against. */
export interface TransferTruth {
  kind: TransferKind;
  /** Who sent it; none for an unknown payer. */
  customerId?: string;
  /** The invoices it pays and how much of each, in the order the payer would name them. */
  allocations: Allocation[];
  /** Paid beyond the invoices (an overpayment): the customer's money, for no invoice. */
  overpaid: number;
  /** What the payer says it kept back, by invoice: with its allocation, the invoice's whole amount. */
  deductions: Allocation[];
  /** Whether the remittance names the invoices. */
  referenced: boolean;
}

export interface GeneratedTransfer {
  /** The bank's reference (the entry's `AcctSvcrRef`): the parsed entry's `reference`. */
  reference: string;
  bookedOn: BusinessDate;
  amount: number;
  currency: CurrencyCode;
  /** The account it came from, in electronic form (the file may write it in groups of four). */
  payerIban: string;
  transaction: TransactionDescription;
  truth: TransferTruth;
}

export interface StatementBookFile {
  /** `cash-bench-01.xml`, … */
  name: string;
  description: StatementFileDescription;
  /** Its first and last booking day. */
  from: BusinessDate;
  to: BusinessDate;
  /** The invoices issued by `to` that no earlier file's period covered: to register before importing it. */
  invoices: { customerId: string; invoice: ScheduledInvoice }[];
  transfers: GeneratedTransfer[];
}

export interface StatementBookOptions {
  /** How many statement entries (transfers), exactly. */
  entries: number;
  seed: number;
  /** Entries in a file at most; 20,000 when absent. */
  entriesPerFile?: number;
  /** Days of the book the customers are drawn for; 365 when absent. */
  days?: number;
  startOn?: BusinessDate;
}

export interface StatementBook {
  /** The simulation's book the customers and invoices come from. */
  book: SimulatedBook;
  /** Our account, the statements' `Acct/Id/IBAN`. */
  statementIban: string;
  /** The files, in booking order; together exactly `entries` transfers, the earliest the book has. */
  files: StatementBookFile[];
  /** Every customer's payer IBANs (electronic form). */
  payerIbans: ReadonlyMap<string, readonly string[]>;
  /** How many transfers of each kind. */
  kinds: Record<TransferKind, number>;
}

const DEFAULT_ENTRIES_PER_FILE = 20_000;
const DEFAULT_DAYS = 365;
/** Bank codes (German BBAN: 8-digit bank code, 10-digit account): our bank, customers' banks, strangers'. */
const OUR_BANK = '50010517';
const CUSTOMER_BANKS = ['37040044', '10070000', '20030000', '70020270'];
const STRANGER_BANK = '12030000';

/**
 * Transfers for `entries` statement entries from a simulated book sized to give them: the
 * earliest `entries` transfers of the book in booking order, then cut into files. Pure and
 * deterministic: the same options give the same book, files and truth.
 */
export function generateStatementBook(options: StatementBookOptions): StatementBook {
  const { entries, seed } = options;
  const entriesPerFile = options.entriesPerFile ?? DEFAULT_ENTRIES_PER_FILE;
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isSafeInteger(entries) || entries < 1) throw new RangeError(`entries must be a whole number ≥ 1, not ${entries}`);
  if (!Number.isSafeInteger(entriesPerFile) || entriesPerFile < 1)
    throw new RangeError(`entriesPerFile must be ≥ 1, not ${entriesPerFile}`);
  const draws = new Draws(seed);
  // About eight transfers a customer in a year; grow the book until it has enough.
  let customers = Math.max(10, Math.ceil(entries / 8));
  for (;;) {
    const book = new SimulatedBook({ customers, days, seed, ...(options.startOn === undefined ? {} : { startOn: options.startOn }) });
    const drafts = book.customers.flatMap((customer, index) => customerTransfers(customer, index + 1, book.lastDay, draws));
    if (drafts.length >= entries) return assemble(book, drafts, entries, entriesPerFile, draws);
    customers = Math.ceil((customers * entries * 1.1) / Math.max(1, drafts.length)) + 10;
  }
}

interface Draft {
  bookedOn: BusinessDate;
  /** Orders the day's transfers. */
  order: number;
  amount: number;
  currency: CurrencyCode;
  payerIban: string;
  transaction: TransactionDescription;
  truth: TransferTruth;
}

interface Payable {
  invoice: ScheduledInvoice;
  payOn: BusinessDate;
}

/** The kinds a customer's payment is drawn from: the mix without unknown payers, who are added beside them. */
const CUSTOMER_KINDS = Object.fromEntries(
  TRANSFER_KINDS.filter((kind) => kind !== 'unknown-payer').map((kind) => [kind, TRANSFER_MIX[kind]]),
) as Record<Exclude<TransferKind, 'unknown-payer'>, number>;
const UNKNOWN_PAYER_CHANCE = TRANSFER_MIX['unknown-payer'] / (100 - TRANSFER_MIX['unknown-payer']);

function customerTransfers(customer: SimulatedCustomer, index: number, lastDay: BusinessDate, draws: Draws): Draft[] {
  const { customerId } = customer;
  const window = PAY_DAYS_FROM_DUE[customer.profile];
  if (window === undefined) return [];
  const payable: Payable[] = [];
  for (const invoice of customer.invoices) {
    const drawn = addDays(invoice.dueOn, draws.int([customerId, invoice.invoiceId, 'bank-pay-day'], window[0], window[1]));
    const earliest = addDays(invoice.issuedOn, 1);
    const payOn = drawn < earliest ? earliest : drawn;
    if (payOn <= lastDay) payable.push({ invoice, payOn });
  }
  payable.sort((a, b) => a.payOn.localeCompare(b.payOn) || a.invoice.number - b.invoice.number);

  const ibans = payerIbansOf(customerId, index, draws);
  const paid = new Set<number>();
  const drafts: Draft[] = [];
  for (let first = 0; first < payable.length; first++) {
    if (paid.has(first)) continue;
    const key = [customerId, payable[first].invoice.invoiceId];
    let kind: TransferKind = draws.weighted([...key, 'bank-kind'], CUSTOMER_KINDS);
    const group = [first];
    if (kind === 'several-referenced' || kind === 'several-unreferenced') {
      const size = draws.int([...key, 'bank-several'], 2, 4);
      // On the first one's pay day the customer pays the next ones already issued too, before they fall due.
      const payOn = payable[first].payOn;
      for (let next = first + 1; next < payable.length && group.length < size; next++) {
        if (!paid.has(next) && payable[next].invoice.issuedOn < payOn) group.push(next);
      }
      // No other invoice is out yet: the customer pays this one alone, naming it.
      if (group.length < 2) kind = 'reference';
    }
    for (const each of group) paid.add(each);
    const invoices = group.map((each) => payable[each]);
    const bookedOn = payable[first].payOn;
    const payerIban = ibans.length === 1 ? ibans[0] : draws.pick([...key, 'bank-account'], ibans);
    const draft = paymentOf(
      kind,
      customerId,
      invoices.map(({ invoice }) => invoice),
      bookedOn,
      payerIban,
      draws,
      key,
    );
    drafts.push(draft);
    if (draws.chance([...key, 'bank-stranger'], UNKNOWN_PAYER_CHANCE)) drafts.push(strangerOf(key, bookedOn, customer.currency, draws));
  }
  return drafts;
}

function paymentOf(
  kind: TransferKind,
  customerId: string,
  invoices: ScheduledInvoice[],
  bookedOn: BusinessDate,
  payerIban: string,
  draws: Draws,
  key: string[],
): Draft {
  const currency = invoices[0].currency;
  const ids = invoices.map(({ invoiceId }) => invoiceId);
  const full = invoices.map(({ invoiceId, amount }) => ({ invoiceId, amount }));
  const total = full.reduce((sum, { amount }) => sum + amount, 0);
  const payer = {
    payerName: `${customerId} Trading Ltd`,
    payerIban: draws.chance([...key, 'bank-paper'], PAPER_FORMAT_SHARE) ? friendlyFormatIBAN(payerIban)! : payerIban,
  };
  const truth = (allocations: Allocation[], overpaid = 0, deductions: Allocation[] = []): TransferTruth => ({
    kind,
    customerId,
    allocations,
    overpaid,
    deductions,
    referenced: kind !== 'no-reference' && kind !== 'several-unreferenced',
  });
  const draft = (amount: number, remittance: Partial<TransactionDescription>, truthOf: TransferTruth): Draft => ({
    bookedOn,
    order: draws.unit([...key, 'bank-order']),
    amount,
    currency,
    payerIban,
    transaction: { amount, ...payer, ...remittance },
    truth: truthOf,
  });
  const naming = (): Partial<TransactionDescription> =>
    draws.chance([...key, 'bank-in-text'], 0.5) ? { unstructured: [wording(ids, customerId, draws, key)] } : { documents: ids };
  switch (kind) {
    case 'reference':
    case 'several-referenced':
      return draft(total, naming(), truth(full));
    case 'several-unreferenced':
    case 'no-reference':
      return draft(total, vague(customerId, draws, key), truth(full));
    case 'overpayment': {
      const extra = draws.int([...key, 'bank-extra'], 100, Math.max(100, Math.round(total / 10)));
      return draft(total + extra, naming(), truth(full, extra));
    }
    case 'short-with-deduction': {
      const [{ invoiceId, amount }] = full;
      const kept = draws.int([...key, 'bank-deduction'], Math.max(1, Math.round(amount * 0.02)), Math.max(1, Math.round(amount * 0.15)));
      const [code, reason] = draws.pick([...key, 'bank-deduction-reason'], DEDUCTION_REASONS);
      const deduction: DeductionDescription = { document: invoiceId, amount: kept, code, reason };
      return draft(
        amount - kept,
        { documents: [invoiceId], deductions: [deduction] },
        truth([{ invoiceId, amount: amount - kept }], 0, [{ invoiceId, amount: kept }]),
      );
    }
    case 'unknown-payer':
      throw new Error('an unknown payer pays no invoice');
  }
}

/** Nobody's money, on the day a customer paid, so that strangers keep their share however the book is cut. */
function strangerOf(key: string[], bookedOn: BusinessDate, currency: CurrencyCode, draws: Draws): Draft {
  const serial = (draws.int([...key, 'stranger-account'], 0, 2 ** 31 - 1) % 1_000_000_000) + 1;
  const payerIban = ibanOf(STRANGER_BANK, `9${String(serial).padStart(9, '0')}`);
  const median = INVOICE_AMOUNTS.median;
  const drawn = Math.round(draws.logNormal([...key, 'stranger-amount'], median, 0.9));
  const amount = Math.min(INVOICE_AMOUNTS.maximum, Math.max(INVOICE_AMOUNTS.minimum, drawn));
  const remittance = draws.chance([...key, 'stranger-text'], 0.5)
    ? { unstructured: [draws.pick([...key, 'stranger-words'], STRANGER_TEXTS)] }
    : {};
  return {
    bookedOn,
    order: draws.unit([...key, 'stranger-order']),
    amount,
    currency,
    payerIban,
    transaction: { amount, payerName: draws.pick([...key, 'stranger-name'], STRANGERS), payerIban, ...remittance },
    truth: { kind: 'unknown-payer', allocations: [], overpaid: amount, deductions: [], referenced: false },
  };
}

const DEDUCTION_REASONS: readonly (readonly [string, string])[] = [
  ['DISC', 'early payment discount'],
  ['DAMG', 'damaged goods'],
  ['SHRT', 'short delivery'],
  ['PRIC', 'price difference'],
];
const STRANGERS = ['J. Smith', 'Muster Handels GmbH', 'A. N. Other', 'Petrauskas UAB', 'Dupont SARL', 'Kowalski Sp. z o.o.'];
const STRANGER_TEXTS = ['PAYMENT', 'Order 55812', 'Deposit', 'Ref. 2025/117', 'Thank you'];
const VAGUE_TEXTS = ['PAYMENT', 'Thank you for your business', 'Monthly settlement', 'Transfer'];

/** Invoice ids in free text, as payers write them. */
function wording(ids: string[], customerId: string, draws: Draws, key: string[]): string {
  if (ids.length > 1) {
    const list = ids.join(draws.pick([...key, 'bank-separator'], [', ', ' ', ' / ']));
    return draws.pick([...key, 'bank-wording'], [`Invoices ${list}`, `INV ${list}`, `Payment for ${list}, customer ${customerId}`]);
  }
  const [id] = ids;
  return draws.pick(
    [...key, 'bank-wording'],
    [`Invoice ${id}`, id, `RE: ${id} - thank you`, `Rechnung ${id}/Kd ${customerId}`, `Payment of invoice ${id}.`],
  );
}

/** A remittance naming no invoice: none at all, or words. */
function vague(customerId: string, draws: Draws, key: string[]): Partial<TransactionDescription> {
  if (draws.chance([...key, 'bank-silent'], 0.5)) return {};
  const text = draws.pick([...key, 'bank-vague'], [...VAGUE_TEXTS, `Customer no. ${customerId}`]);
  return { unstructured: [text] };
}

function payerIbansOf(customerId: string, index: number, draws: Draws): string[] {
  const count = draws.chance([customerId, 'bank-second-account'], SECOND_ACCOUNT_SHARE) ? 2 : 1;
  return Array.from({ length: count }, (_, slot) => {
    const bank = CUSTOMER_BANKS[(index + slot) % CUSTOMER_BANKS.length];
    return ibanOf(bank, `1${String(index).padStart(8, '0')}${slot}`);
  });
}

/** A German IBAN with correct check digits. */
function ibanOf(bank: string, account: string): string {
  const iban = composeIBAN({ countryCode: 'DE', bban: `${bank}${account}` });
  if (!iban) throw new Error(`no IBAN for bank ${bank}, account ${account}`);
  return iban;
}

function assemble(book: SimulatedBook, drafts: Draft[], entries: number, entriesPerFile: number, draws: Draws): StatementBook {
  drafts.sort((a, b) => a.bookedOn.localeCompare(b.bookedOn) || a.order - b.order);
  const chosen = drafts.slice(0, entries);
  const statementIban = ibanOf(OUR_BANK, '0648489890');
  const transfers: GeneratedTransfer[] = chosen.map((draft, index) => ({
    reference: `${draft.bookedOn.replaceAll('-', '')}${String(index + 1).padStart(8, '0')}`,
    bookedOn: draft.bookedOn,
    amount: draft.amount,
    currency: draft.currency,
    payerIban: draft.payerIban,
    transaction: draft.transaction,
    truth: draft.truth,
  }));
  const kinds = Object.fromEntries(TRANSFER_KINDS.map((kind) => [kind, 0])) as Record<TransferKind, number>;
  for (const { truth } of transfers) kinds[truth.kind]++;

  const files: StatementBookFile[] = [];
  for (let start = 0; start < transfers.length; start += entriesPerFile) {
    const part = transfers.slice(start, start + entriesPerFile);
    const number = files.length + 1;
    const to = part[part.length - 1].bookedOn;
    files.push({
      name: `cash-bench-${String(number).padStart(2, '0')}.xml`,
      description: {
        messageId: `CASH-BENCH-${number}`,
        createdAt: `${to}T20:00:00`,
        statements: [{ id: `STMT-${number}`, iban: statementIban, entries: part.map(entryOf) }],
      },
      from: part[0].bookedOn,
      to,
      invoices: [],
      transfers: part,
    });
  }
  // Each invoice is registered before the first file whose period reaches its issue day; invoices issued later do not exist yet.
  for (const { customerId, invoices } of book.customers) {
    for (const invoice of invoices) {
      const file = files.find(({ to }) => invoice.issuedOn <= to);
      file?.invoices.push({ customerId, invoice });
    }
  }
  const payerIbans = new Map<string, string[]>();
  book.customers.forEach(({ customerId }, index) => payerIbans.set(customerId, payerIbansOf(customerId, index + 1, draws)));
  return { book, statementIban, files, payerIbans, kinds };
}

function entryOf(transfer: GeneratedTransfer): EntryDescription {
  return {
    reference: transfer.reference,
    amount: transfer.amount,
    currency: transfer.currency,
    bookedOn: transfer.bookedOn,
    transactions: [transfer.transaction],
  };
}
