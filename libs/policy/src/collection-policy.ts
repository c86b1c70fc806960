import { CurrencyCode, DisputeCategory } from '@collections/domain';

/**
 * The collection policy: what the policy engine does for a customer on a business date. A
 * versioned document (`name` + `version`) that managers read and replace; every replacement is
 * a `CollectionPolicyReplaced` event in the policy's own stream (policy-stream.ts), so auditors
 * can tell which version was in force on any day.
 *
 * Days are counted from an invoice's due date (negative = before it). Amounts are integer minor
 * units per currency (see MinimumBalances).
 */

/** How a dunning level reaches the customer; `call_task` asks a collector to call instead of writing. */
export const DUNNING_CHANNELS = ['email', 'letter', 'sms', 'call_task'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

export const TONES = ['friendly', 'firm', 'final'] as const;
export type Tone = (typeof TONES)[number];

/**
 * Minimum balances in integer minor units, per ISO 4217 currency (`{"EUR": 5000}` = 50.00 EUR).
 * A currency the map does not list has no minimum: minor units differ between currencies (JPY
 * has none, EUR two), so one currency-agnostic number would mean different sums in each.
 * The balance compared is the customer's total in that currency over the invoices concerned.
 */
export type MinimumBalances = Readonly<Record<CurrencyCode, number>>;

export interface DunningLevel {
  /** 1, 2, 3, … in order: the level recorded on ReminderSent. */
  level: number;
  /** Sent once an invoice is this many days past due (negative: before the due date). */
  daysPastDue: number;
  channel: DunningChannel;
  /** The letter template (for a call task: the call script). */
  template: string;
  tone: Tone;
  minimumBalance: MinimumBalances;
}

/** The final warning: the account goes to an agency on the stated date if still unpaid. */
export interface FinalNoticeRule {
  daysPastDue: number;
  channel: Exclude<DunningChannel, 'call_task'>;
  template: string;
  /** The notice names the referral date: the day it is sent plus these days. */
  referralAfterDays: number;
  minimumBalance: MinimumBalances;
}

export interface AgencyReferralRule {
  /** Not before this many days past due, and never before the referral date a final notice named. */
  daysPastDue: number;
  minimumBalance: MinimumBalances;
  /** false (the default policy): a proposal to managers; true: the engine refers the account itself. */
  automatic: boolean;
  /** The agency an automatic referral goes to; required when `automatic`. */
  agency?: string;
}

/** Write-offs are always proposed to managers, never made by the engine. */
export interface WriteOffProposalRule {
  daysPastDue: number;
  minimumBalance: MinimumBalances;
}

/** The highest-value accounts get more frequent attention: a follow-up call every few days. */
export interface HighValueRule {
  /** An account is high-value from this overdue balance in a currency (only currencies listed). */
  minimumBalance: MinimumBalances;
  /** A follow-up call when nobody contacted the customer, or was asked to, for this many days. */
  followUpEveryDays: number;
}

/**
 * What a customer may do itself on the page its letters link to (every letter carries a link,
 * signed for that customer and letter, that expires).
 */
export interface CustomerSelfServiceRule {
  /** A letter's link opens the customer's page for this many days from the letter's date. */
  linkValidDays: number;
  /** A promise made on the page is for a date at most this many days ahead. */
  promiseMaxDays: number;
  /** …and for at least this share (percent) of the open balance it covers. */
  promiseMinSharePercent: number;
  /** Once this many of its promises were broken, the page takes no promise: a collector calls. */
  brokenPromisesBeforeCall: number;
}

/** Who owns a dispute of a category, and how many days they have to resolve it. */
export interface DisputeRoute {
  team: string;
  targetDays: number;
}

/** Disputes get an owner team and a target date by category (SAP's processor and planned close date). */
export interface DisputeRoutingRule {
  /** The teams disputes go to, e.g. sales, logistics, billing, quality. */
  teams: string[];
  /** Per dispute category (deductions included). */
  routes: Record<DisputeCategory, DisputeRoute>;
}

/** A customer under a different policy, or excluded from the engine's dunning and escalation. */
export type CustomerOverride = { policy: string } | { excluded: true; reason?: string };

export interface CollectionPolicy {
  name: string;
  /** Increases with every replacement; the policy stream refuses a version that does not. */
  version: number;
  description?: string;
  levels: DunningLevel[];
  finalNotice: FinalNoticeRule;
  agencyReferral: AgencyReferralRule;
  writeOffProposal: WriteOffProposalRule;
  /** A promise is judged this many days after its date (payments take time to post). */
  promiseToleranceDays: number;
  /** An installment is missed when still unpaid this many days after it fell due. */
  installmentGraceDays: number;
  /** A call task this many days before an installment falls due, while it is not yet covered. */
  installmentCallDaysBefore: number;
  /** No reminder or notice within this many days after a collector logged a contact (0: none). */
  quietPeriodDays: number;
  /**
   * Dunning pauses this many days (from the day it was received) for a customer that unidentified
   * cash names as a candidate, while it is neither assigned nor refunded (0: no pause). Absent in
   * versions recorded before it existed: DEFAULT_CASH_APPLICATION_GRACE_DAYS (5).
   */
  cashApplicationGraceDays?: number;
  /**
   * Whether a bank payment that names no invoice, and matches no open balance or set of them
   * exactly, is applied to the customer's oldest due invoices first (true) or left unapplied for a
   * person (false, and when absent).
   */
  applyCashOldestFirst?: boolean;
  /** Absent in versions recorded before it existed: DEFAULT_SELF_SERVICE. */
  selfService?: CustomerSelfServiceRule;
  /** Absent in versions recorded before it existed: DEFAULT_DISPUTE_ROUTING. */
  disputeRouting?: DisputeRoutingRule;
  highValue: HighValueRule;
  /** By customer id; read from the policy the engine runs with (overrides inside an override's target are not followed). */
  overrides: Readonly<Record<string, CustomerOverride>>;
}

/** The minimum for a currency: 0 where the map lists none. */
export const minimumFor = (minimums: MinimumBalances, currency: CurrencyCode): number =>
  Object.prototype.hasOwnProperty.call(minimums, currency) ? minimums[currency] : 0;

/** The self-service rules when a policy does not set them (versions recorded before they existed). */
export const DEFAULT_SELF_SERVICE: CustomerSelfServiceRule = {
  linkValidDays: 30,
  promiseMaxDays: 30,
  promiseMinSharePercent: 25,
  brokenPromisesBeforeCall: 2,
};

export const DISPUTE_TEAMS = ['sales', 'logistics', 'billing', 'quality'] as const;

/** The routing when a policy does not set one: each category to the team that can answer it. */
export const DEFAULT_DISPUTE_ROUTING: DisputeRoutingRule = {
  teams: [...DISPUTE_TEAMS],
  routes: {
    failed_product: { team: 'quality', targetDays: 14 },
    poor_service: { team: 'sales', targetDays: 10 },
    damaged_goods: { team: 'logistics', targetDays: 10 },
    wrong_item: { team: 'logistics', targetDays: 7 },
    pricing: { team: 'billing', targetDays: 7 },
    deduction: { team: 'sales', targetDays: 14 },
  },
};

export const selfServiceOf = (policy: CollectionPolicy): CustomerSelfServiceRule => policy.selfService ?? DEFAULT_SELF_SERVICE;
export const disputeRoutingOf = (policy: CollectionPolicy): DisputeRoutingRule => policy.disputeRouting ?? DEFAULT_DISPUTE_ROUTING;
