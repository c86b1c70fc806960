import { ApiProperty } from '@nestjs/swagger';
import {
  ActiveAccount,
  AgencyReferralState,
  CASH_APPLICATION_RULES,
  CashApplicationRule,
  BusinessDate,
  CurrencyCode,
  DisputeCategory,
  DisputeResolution,
  DisputeState,
  InstallmentState,
  InvoiceState,
  LegalActionState,
  PaymentPlanState,
  PostMortemState,
  PromiseState,
  RootCause,
  WriteOffState,
} from '@collections/domain';
import {
  AmountsByCurrencyProperty,
  BusinessDateProperty,
  CountProperty,
  CurrencyProperty,
  DaysProperty,
  MinorUnitsProperty,
} from '../openapi/response-properties';

/**
 * What GET /customers/:customerId/state answers: the account folded as of a day. Each part
 * implements the domain's state of it, so a field the domain adds must be added here too.
 */

export const INVOICE_STATUSES = ['open', 'overdue', 'paid', 'written_off'] as const;

/** The 10th–90th percentile of the predicted settlement day. */
export class PredictedRange {
  @BusinessDateProperty() from!: BusinessDate;
  @BusinessDateProperty() to!: BusinessDate;
}

/** A fact that moved the prediction, and by how many days (signed). */
export class PredictionDriver {
  fact!: string;
  @DaysProperty() days!: number;
}
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export class AccountInvoice implements InvoiceState {
  invoiceId!: string;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() issuedOn!: BusinessDate;
  @BusinessDateProperty() dueOn!: BusinessDate;
  @MinorUnitsProperty() paid!: number;
  @MinorUnitsProperty() credited!: number;
  @MinorUnitsProperty() writtenOff!: number;
  @MinorUnitsProperty() recovered!: number;
  /** amount − paid − credited − written off. */
  @MinorUnitsProperty() balance!: number;
  /** The day the policy engine found it past due and unpaid. */
  @BusinessDateProperty() overdueOn?: BusinessDate;
  /** As of the day asked: open and not yet due, overdue, paid, or written off. */
  @ApiProperty({ enum: INVOICE_STATUSES })
  status!: InvoiceStatus;
  /** Days past due as of the day asked; 0 once nothing is open. */
  @CountProperty() daysPastDue!: number;
  /**
   * Open invoices only: the day it is predicted to be paid, from the customer's payment history
   * and the invoice's features (the predictions read model, as of the customer's latest event).
   */
  @BusinessDateProperty({ required: false }) predictedPaymentOn?: BusinessDate;
  @ApiProperty({ type: PredictedRange, required: false })
  predictedRange?: PredictedRange;
  /** `customer`: from the customer's own history; `portfolio`: the fallback without one. */
  @ApiProperty({ enum: ['customer', 'portfolio'], required: false })
  predictionBasis?: 'customer' | 'portfolio';
  /** Which facts drove the prediction. */
  @ApiProperty({ type: [PredictionDriver], required: false })
  predictionDrivers?: PredictionDriver[];
}

/** The account's open amounts in one currency, as of the day asked. */
export class AccountBalance {
  @CurrencyProperty() currency!: CurrencyCode;
  @MinorUnitsProperty() open!: number;
  @MinorUnitsProperty() overdue!: number;
  /** Under open dispute (inside `open` too). */
  @MinorUnitsProperty() disputed!: number;
}

/** The domain's state of one received cash (its applications as a map, which the view lists). */
type CashState = ActiveAccount['cash'] extends ReadonlyMap<string, infer Cash> ? Cash : never;
type CashApplicationState = CashState['applications'] extends ReadonlyMap<string, infer Application> ? Application : never;

export class AccountCashAllocation {
  invoiceId!: string;
  @MinorUnitsProperty() amount!: number;
}

export class AccountCashApplication implements CashApplicationState {
  applicationId!: string;
  @ApiProperty({ type: [AccountCashAllocation] })
  allocations!: AccountCashAllocation[];
  @BusinessDateProperty() appliedOn!: BusinessDate;
  /** Which rule put the cash on the invoices. */
  @ApiProperty({ enum: CASH_APPLICATION_RULES })
  rule!: CashApplicationRule;
  /** `reversed` once taken back: its amounts are unapplied again. */
  status!: CashApplicationState['status'];
}

/** Money received on the account: what of it is applied to invoices, refunded, and still unapplied. */
export class AccountCash implements Omit<CashState, 'applications'> {
  paymentId!: string;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() receivedOn!: BusinessDate;
  /** By the applications that stand. */
  @MinorUnitsProperty() applied!: number;
  @MinorUnitsProperty() refunded!: number;
  /** amount − applied − refunded. */
  @MinorUnitsProperty() unapplied!: number;
  @ApiProperty({ type: [AccountCashApplication] })
  applications!: AccountCashApplication[];
}

export class AccountPromise implements PromiseState {
  promiseId!: string;
  @ApiProperty({ type: [String] }) invoiceIds!: readonly string[];
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() promisedFor!: BusinessDate;
  @BusinessDateProperty() madeOn!: BusinessDate;
  /** Paid on the promised invoices since the promise was made. */
  @MinorUnitsProperty() paid!: number;
  status!: PromiseState['status'];
}

export class AccountInstallment implements InstallmentState {
  @CountProperty() number!: number;
  @BusinessDateProperty() dueOn!: BusinessDate;
  @MinorUnitsProperty() amount!: number;
  status!: InstallmentState['status'];
}

export class AccountPaymentPlan implements PaymentPlanState {
  planId!: string;
  @ApiProperty({ type: [String] }) invoiceIds!: readonly string[];
  @CurrencyProperty() currency!: CurrencyCode;
  @ApiProperty({ type: [AccountInstallment] })
  installments!: readonly AccountInstallment[];
  /** Documented interest in basis points (1% = 100). */
  @CountProperty() interestRateBasisPoints!: number;
  /** Who gave a personal guarantee for the plan. */
  guarantors!: string[];
  terms?: string;
  @BusinessDateProperty() agreedOn!: BusinessDate;
  /** Paid on the plan's invoices since it was agreed. */
  @MinorUnitsProperty() paid!: number;
  status!: PaymentPlanState['status'];
}

export class AccountDispute implements DisputeState {
  disputeId!: string;
  /** A deduction is a dispute the customer settled by paying short. */
  kind!: DisputeState['kind'];
  invoiceId!: string;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  category!: DisputeCategory;
  @BusinessDateProperty() raisedOn!: BusinessDate;
  status!: DisputeState['status'];
  resolution?: DisputeResolution;
  @BusinessDateProperty() resolvedOn?: BusinessDate;
}

export class AccountAgencyReferral implements AgencyReferralState {
  referralId!: string;
  agency!: string;
  @ApiProperty({ type: [String] }) invoiceIds!: readonly string[];
  @BusinessDateProperty() referredOn!: BusinessDate;
  status!: AgencyReferralState['status'];
  @BusinessDateProperty() recalledOn?: BusinessDate;
}

export class AccountLegalAction implements LegalActionState {
  caseId!: string;
  @ApiProperty({ type: [String] }) invoiceIds!: readonly string[];
  court!: string;
  smallClaims!: boolean;
  @BusinessDateProperty() initiatedOn!: BusinessDate;
}

export class AccountWriteOff implements WriteOffState {
  writeOffId!: string;
  @ApiProperty({ type: [String] }) invoiceIds!: readonly string[];
  @BusinessDateProperty() writtenOffOn!: BusinessDate;
}

export class AccountPostMortem implements PostMortemState {
  postMortemId!: string;
  rootCause!: RootCause;
  @BusinessDateProperty() recordedOn!: BusinessDate;
}

export class AccountCreditHold implements NonNullable<ActiveAccount['creditHold']> {
  reason!: string;
  @BusinessDateProperty() placedOn!: BusinessDate;
}

export class AccountCreditLimitRecommendation implements NonNullable<ActiveAccount['creditLimitRecommendation']> {
  @MinorUnitsProperty() recommendedLimit!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() recommendedOn!: BusinessDate;
}

export class AccountFinalNotice implements NonNullable<ActiveAccount['finalNotice']> {
  @BusinessDateProperty() sentOn!: BusinessDate;
  /** The day the notice said the account goes to an agency if still unpaid. */
  @BusinessDateProperty() referralOn!: BusinessDate;
}

export class AccountDunning {
  /** The highest reminder level sent; 0 for none. */
  @CountProperty() highestReminderLevel!: number;
  @BusinessDateProperty() lastReminderOn!: BusinessDate | null;
  @ApiProperty({ type: AccountFinalNotice, nullable: true })
  finalNotice!: AccountFinalNotice | null;
  @BusinessDateProperty() lastContactOn!: BusinessDate | null;
}

export class AccountStateView {
  customerId!: string;
  /** The day the account is folded to: only events dated on or before it count. */
  @BusinessDateProperty() asOf!: BusinessDate;
  /** Null while nobody is assigned. */
  collectorId!: string | null;
  @ApiProperty({ type: AccountCreditHold, nullable: true })
  creditHold!: AccountCreditHold | null;
  @ApiProperty({ type: AccountCreditLimitRecommendation, nullable: true })
  creditLimitRecommendation!: AccountCreditLimitRecommendation | null;
  @ApiProperty({ type: [AccountInvoice] })
  invoices!: AccountInvoice[];
  /** Per currency the account has invoices in. */
  @ApiProperty({ type: [AccountBalance] })
  balances!: AccountBalance[];
  /** Cash on the account not yet applied to any invoice, per currency (only currencies with some; `{}` when none). */
  @AmountsByCurrencyProperty() unappliedCash!: Record<CurrencyCode, number>;
  /** Every payment received on account (not payments posted against an invoice), in the order received. */
  @ApiProperty({ type: [AccountCash] })
  cash!: AccountCash[];
  @ApiProperty({ type: [AccountPromise] })
  promises!: AccountPromise[];
  @ApiProperty({ type: [AccountPaymentPlan] })
  paymentPlans!: AccountPaymentPlan[];
  @ApiProperty({ type: [AccountDispute] })
  disputes!: AccountDispute[];
  @ApiProperty({ type: [AccountAgencyReferral] })
  agencyReferrals!: AccountAgencyReferral[];
  @ApiProperty({ type: [AccountLegalAction] })
  legalActions!: AccountLegalAction[];
  @ApiProperty({ type: [AccountWriteOff] })
  writeOffs!: AccountWriteOff[];
  @ApiProperty({ type: [AccountPostMortem] })
  postMortems!: AccountPostMortem[];
  @ApiProperty({ type: AccountDunning })
  dunning!: AccountDunning;
}
