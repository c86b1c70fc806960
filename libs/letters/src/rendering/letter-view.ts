import {
  AccountState,
  BusinessDate,
  CurrencyCode,
  FinalNoticeSent,
  ReminderSent,
  addDays,
  daysBetween,
  sumMinorUnits,
} from '@collections/domain';
import { customerLinkUrl, signCustomerLink } from '@collections/customer-links';
import { LetterRenderError } from '../errors';
import { LETTER_TONES, LetterKind, LetterTone, letterIdFor } from '../letter';
import { formatBusinessDate, formatMinorUnits } from './formatting';

/** Who the letters come from and how customers pay: configuration, the same for every letter. */
export interface CreditorDetails {
  /** The company collecting, as it signs its letters. */
  name: string;
  /** How to pay by transfer, as printed, e.g. "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX". */
  bankDetails?: string;
  /** Where to pay online, e.g. https://pay.example.com. */
  paymentUrl?: string;
  /** Whom to ask about the letter, e.g. "receivables@example.com or +49 30 1234567". */
  contact?: string;
}

/**
 * Where every letter's link to the customer's own page points and where its replies go
 * (libs/customer-links): the service's public address, the secret links are signed with, and the
 * domain of the per-letter reply addresses.
 */
export interface CustomerLinkSettings {
  /** PUBLIC_URL: links are `<publicUrl>/pay/<token>`. */
  publicUrl: string;
  secret: string;
  /** INBOUND_MAIL_DOMAIN: replies go to `reply+<letterId>@<replyDomain>`. */
  replyDomain: string;
}

export interface LetterSettings {
  creditor: CreditorDetails;
  /** BCP 47 locale for amounts and dates; en-GB when not set. */
  locale?: string;
  /**
   * The customer's link and the letter's reply address. The service always sets them; without
   * them (a tool rendering letters no service answers) a letter has neither.
   */
  customerLinks?: CustomerLinkSettings;
}

/** How long a letter's link works when the request does not say: the policy's default (selfService.linkValidDays). */
export const DEFAULT_LINK_VALID_DAYS = 30;

/** The customer's name and addresses, from wherever the customer master lives (not the event stream). */
export interface Recipient {
  name?: string;
  /** Where an e-mail letter goes. */
  email?: string;
  /** Printed under the name at the top of the letter, one line each. */
  postalAddress?: readonly string[];
}

/** What the policy will do if the customer does not pay; a reminder's letter says it. */
export type NextStep = { step: 'reminder'; level: number; on?: BusinessDate } | { step: 'final_notice'; on?: BusinessDate };

/** What a letter is rendered from. */
export interface LetterRequest {
  customerId: string;
  /**
   * The account as of the reminder or notice: the stream folded up to and including its event,
   * so that rendering the same event again gives the same letter.
   */
  account: AccountState;
  /** The event the letter belongs to. */
  event: ReminderSent | FinalNoticeSent;
  recipient?: Recipient;
  /** Reminders only: the policy's next step; by default the next level, with no date. */
  next?: NextStep;
  /** Reminders only: the policy's tone for this level; by default `reminderTone(event)`. A final notice is always final. */
  tone?: LetterTone;
  /** Days the letter's link works from its date, the last included: the policy's in force on that date. */
  linkValidDays?: number;
}

export interface InvoiceLine {
  invoiceId: string;
  issuedOn: string;
  dueOn: string;
  currency: CurrencyCode;
  amount: string;
  openBalance: string;
  /** Days from the due date to the letter's date; 0 if not yet due. */
  daysOverdue: number;
}

/** Some of a letter's invoices, with their open balance per currency. */
export interface InvoiceGroup {
  invoices: readonly InvoiceLine[];
  count: number;
  /** The open balance per currency, in the order the currencies first appear. */
  totals: readonly { currency: CurrencyCode; openBalance: string }[];
}

/**
 * Everything a template may use, already formatted. Absent values are null (never missing), so
 * templates compiled in strict mode can tell a typo from an empty field.
 */
export interface LetterView {
  letterId: string;
  kind: LetterKind;
  tone: LetterTone;
  level: number;
  isFinalNotice: boolean;
  customerId: string;
  sentOn: string;
  /** `lines`: the name and the postal address, as printed at the top. */
  recipient: { name: string | null; lines: readonly string[] };
  creditor: { name: string; contact: string | null };
  /**
   * What is past due on the letter's date: all that a letter demands, and all that its next step
   * (a further reminder, a referral) is about. There is no total of all the letter's invoices, so
   * that no template can demand what is not yet due.
   */
  overdue: InvoiceGroup;
  /** What falls due on or after the letter's date: mentioned as coming, never demanded. */
  upcoming: InvoiceGroup;
  /** Nothing is overdue yet (a courtesy reminder before the due date). */
  isCourtesy: boolean;
  /** Widths of the invoice table's columns, wide enough for the longest value of each (both groups alike). */
  columns: { invoice: number; dueOn: number; amount: number; open: number };
  /** The oldest overdue invoice's days overdue; 0 when nothing is overdue. */
  mostDaysOverdue: number;
  next: {
    reminder: { level: number; on: string | null } | null;
    finalNotice: { on: string | null } | null;
    agencyReferral: { on: string } | null;
  };
  payment: { reference: string; bankDetails: string | null; paymentUrl: string | null };
  /** The customer's own page (promise, dispute, report a payment), and the last day its link works (formatted). */
  selfService: { url: string; expiresOn: string } | null;
}

export const DEFAULT_LOCALE = 'en-GB';

/**
 * A reminder's tone when the policy does not say: the event's template if it names a tone,
 * otherwise friendly at level 1 and firm above it.
 */
export function reminderTone(event: ReminderSent): LetterTone {
  const { template, level } = event.data;
  const named = LETTER_TONES.find((tone) => tone === template);
  return named ?? (level <= 1 ? 'friendly' : 'firm');
}

/** The letter's identity: kind, level, tone and id follow from the event (and the request's tone). */
function letterHeading(request: LetterRequest): {
  letterId: string;
  kind: LetterKind;
  level: number;
  tone: LetterTone;
} {
  const { event, customerId, account } = request;
  if (event.type === 'ReminderSent') {
    return {
      letterId: letterIdFor(customerId, 'reminder', event.data.reminderId),
      kind: 'reminder',
      level: event.data.level,
      tone: request.tone ?? reminderTone(event),
    };
  }
  const highestReminderLevel = account.status === 'active' ? account.highestReminderLevel : 0;
  return {
    letterId: letterIdFor(customerId, 'final_notice', event.data.noticeId),
    kind: 'final_notice',
    level: highestReminderLevel + 1,
    tone: 'final',
  };
}

/** The view a letter's templates render: a pure function of the request and the settings. */
export function buildLetterView(request: LetterRequest, settings: LetterSettings): LetterView {
  const { account, event, customerId } = request;
  const locale = settings.locale ?? DEFAULT_LOCALE;
  const heading = letterHeading(request);
  if (account.status !== 'active') {
    throw new LetterRenderError(`Customer ${customerId} has no account to write to`);
  }
  const { sentOn } = event.data;
  // Each invoice once, even in an event recorded before duplicates were refused.
  const invoiceIds = [...new Set(event.data.invoiceIds)];
  if (invoiceIds.length === 0) throw new LetterRenderError(`Letter ${heading.letterId} lists no invoices`);

  const date = (day: BusinessDate) => formatBusinessDate(day, locale);
  const lines = invoiceIds.map((invoiceId) => {
    const invoice = account.invoices.get(invoiceId);
    if (!invoice) {
      throw new LetterRenderError(`Customer ${customerId} has no invoice ${invoiceId} (letter ${heading.letterId})`);
    }
    const line: InvoiceLine = {
      invoiceId,
      issuedOn: date(invoice.issuedOn),
      dueOn: date(invoice.dueOn),
      currency: invoice.currency,
      amount: formatMinorUnits(invoice.amount, invoice.currency, locale),
      openBalance: formatMinorUnits(invoice.balance, invoice.currency, locale),
      daysOverdue: Math.max(0, daysBetween(invoice.dueOn, sentOn)),
    };
    // Due on the letter's date is not yet overdue: it may still be paid that day.
    return { line, balance: invoice.balance, overdue: invoice.dueOn < sentOn };
  });
  const group = (overdue: boolean): InvoiceGroup => {
    const members = lines.filter((member) => member.overdue === overdue);
    return {
      invoices: members.map(({ line }) => line),
      count: members.length,
      totals: totalsOf(
        members.map(({ line, balance }) => ({ currency: line.currency, balance })),
        locale,
      ),
    };
  };
  const [overdue, upcoming] = [group(true), group(false)];
  const invoices = lines.map(({ line }) => line);
  const { creditor } = settings;
  return {
    ...heading,
    isFinalNotice: heading.kind === 'final_notice',
    customerId,
    sentOn: date(sentOn),
    recipient: recipientView(request.recipient),
    creditor: { name: creditor.name, contact: creditor.contact ?? null },
    overdue,
    upcoming,
    isCourtesy: overdue.count === 0,
    columns: {
      invoice: widest(
        14,
        invoices.map((line) => line.invoiceId),
      ),
      dueOn: widest(
        18,
        invoices.map((line) => line.dueOn),
      ),
      amount: widest(
        15,
        invoices.map((line) => line.amount),
      ),
      open: widest(
        15,
        invoices.map((line) => line.openBalance),
      ),
    },
    mostDaysOverdue: Math.max(0, ...overdue.invoices.map((line) => line.daysOverdue)),
    next: nextStepView(request, heading.level, date),
    // The customer id is the reference: it is what cash posting matches a transfer to.
    payment: { reference: customerId, bankDetails: creditor.bankDetails ?? null, paymentUrl: creditor.paymentUrl ?? null },
    selfService: selfServiceView(request, settings, heading.letterId, date),
  };
}

/** The last day a letter's link works: its date plus the policy's days. */
export function linkExpiryOf(sentOn: BusinessDate, linkValidDays = DEFAULT_LINK_VALID_DAYS): BusinessDate {
  if (!Number.isInteger(linkValidDays) || linkValidDays < 1) {
    throw new LetterRenderError(`A link must work for a whole number of days (at least 1), not ${linkValidDays}`);
  }
  return addDays(sentOn, linkValidDays);
}

/** The signed link to the customer's page: the customer, this letter and the last day, under the service's secret. */
function selfServiceView(
  request: LetterRequest,
  settings: LetterSettings,
  letterId: string,
  date: (day: BusinessDate) => string,
): LetterView['selfService'] {
  if (settings.customerLinks === undefined) return null;
  const { publicUrl, secret } = settings.customerLinks;
  const expiresOn = linkExpiryOf(request.event.data.sentOn, request.linkValidDays);
  const token = signCustomerLink({ customerId: request.customerId, letterId, expiresOn }, secret);
  return { url: customerLinkUrl(publicUrl, token), expiresOn: date(expiresOn) };
}

function totalsOf(amounts: readonly { currency: CurrencyCode; balance: number }[], locale: string): InvoiceGroup['totals'] {
  const byCurrency = new Map<CurrencyCode, number[]>();
  for (const { currency, balance } of amounts) byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), balance]);
  return [...byCurrency].map(([currency, balances]) => ({
    currency,
    openBalance: formatMinorUnits(sumMinorUnits(balances, `The letter's open ${currency} total`), currency, locale),
  }));
}

/** A column at least as wide as the layout gives it, wider where a value needs it (one space apart). */
const widest = (minimum: number, values: readonly string[]): number => Math.max(minimum, ...values.map((value) => value.length));

function recipientView(recipient: Recipient | undefined): LetterView['recipient'] {
  const name = recipient?.name ?? null;
  return { name, lines: [...(name === null ? [] : [name]), ...(recipient?.postalAddress ?? [])] };
}

function nextStepView(request: LetterRequest, level: number, date: (day: BusinessDate) => string): LetterView['next'] {
  const { event } = request;
  if (event.type === 'FinalNoticeSent') {
    return { reminder: null, finalNotice: null, agencyReferral: { on: date(event.data.referralOn) } };
  }
  const next = request.next ?? { step: 'reminder', level: level + 1 };
  const on = next.on === undefined ? null : date(next.on);
  return next.step === 'reminder'
    ? { reminder: { level: next.level, on }, finalNotice: null, agencyReferral: null }
    : { reminder: null, finalNotice: { on }, agencyReferral: null };
}
