import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CASH_APPLICATION_RULES, CashApplicationRule, CurrencyCode } from '@collections/domain';
import { CASH_APPLICATION_STATUSES, UNIDENTIFIED_CASH_STATUSES } from '@collections/projections';
import type * as projections from '@collections/projections';
import { BusinessDateProperty, CurrencyProperty, InstantProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /cash/unapplied and GET /cash/unidentified answer: the cash queues, described. */

export class ReceivedCashPayer {
  /** The payer's name as the bank reported it. */
  name?: string;
  /** The account it paid from (an IBAN, in its electronic form). */
  account?: string;
}

export class UnappliedCashAllocation {
  invoiceId!: string;
  @MinorUnitsProperty() amount!: number;
}

export class UnappliedCashApplication implements projections.CashApplication {
  applicationId!: string;
  @ApiProperty({ type: [UnappliedCashAllocation] })
  allocations!: UnappliedCashAllocation[];
  /** Which rule put the cash on the invoices. */
  @ApiProperty({ enum: CASH_APPLICATION_RULES })
  rule!: CashApplicationRule;
  @BusinessDateProperty() appliedOn!: BusinessDate;
  /** `reversed` once the application was taken back (its amounts are unapplied again). */
  @ApiProperty({ enum: CASH_APPLICATION_STATUSES })
  status!: projections.CashApplicationStatus;
  /** Null while it stands. */
  @BusinessDateProperty() reversedOn!: BusinessDate | null;
  /** When it was recorded (figures as known at an instant count it from then). */
  @InstantProperty() recordedAt!: string;
  /** When its reversal was recorded; null while it stands. */
  @InstantProperty() reversalRecordedAt!: string | null;
}

export class UnappliedCashRefund implements projections.CashRefund {
  refundId!: string;
  @MinorUnitsProperty() amount!: number;
  @BusinessDateProperty() refundedOn!: BusinessDate;
  reason!: string;
  /** When it was recorded. */
  @InstantProperty() recordedAt!: string;
}

export class UnappliedCashCandidate implements projections.CandidateInvoice {
  invoiceId!: string;
  @BusinessDateProperty() dueOn!: BusinessDate;
  /** Open now, in minor units of the cash's currency. */
  @MinorUnitsProperty() balance!: number;
  /** Why it is a candidate: named in the remittance, its balance equals the cash remaining, oldest due, or open in the same currency. */
  why!: string[];
}

/** A payment the customer said it made: a hint for whoever applies the cash, not cash. */
export class ReportedPaymentHint implements projections.ReportedPayment {
  reportId!: string;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  /** The day the customer says it paid. */
  @BusinessDateProperty() paidOn!: BusinessDate;
  /** The payment reference it gave. */
  reference?: string;
  /** The invoices it says it paid; empty when it named none. */
  invoiceIds!: string[];
  @BusinessDateProperty() reportedOn!: BusinessDate;
}

export class UnappliedCashItem implements projections.UnappliedCashItem {
  customerId!: string;
  paymentId!: string;
  /** What was received. */
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  /** The day the bank booked it. */
  @BusinessDateProperty() receivedOn!: BusinessDate;
  /** The bank's value date, when it reported one. */
  @BusinessDateProperty() valueOn!: BusinessDate | null;
  @ApiProperty({ type: ReceivedCashPayer, nullable: true })
  payer!: ReceivedCashPayer | null;
  /** The remittance information as the payer wrote it. */
  remittance!: string | null;
  /** The bank's reference for the entry it came in. */
  bankReference!: string | null;
  /** Applied by the applications that stand. */
  @MinorUnitsProperty() applied!: number;
  @MinorUnitsProperty() refunded!: number;
  /** Still unapplied: amount − applied − refunded. */
  @MinorUnitsProperty() unapplied!: number;
  @ApiProperty({ type: [UnappliedCashApplication] })
  applications!: UnappliedCashApplication[];
  @ApiProperty({ type: [UnappliedCashRefund] })
  refunds!: UnappliedCashRefund[];
  /** The customer's open invoices in the cash's currency, oldest due first, each with why (at most 10). */
  @ApiProperty({ type: [UnappliedCashCandidate] })
  candidates!: UnappliedCashCandidate[];
  /** Payments the customer reported making in the cash's currency in the last 30 days, oldest first: hints. */
  @ApiProperty({ type: [ReportedPaymentHint] })
  reportedPayments!: ReportedPaymentHint[];
}

export class UnappliedCashPage implements projections.CashPage<projections.UnappliedCashItem> {
  @ApiProperty({ type: [UnappliedCashItem] })
  items!: UnappliedCashItem[];
  /** Pass as `after` for the next page; absent on the last. */
  next?: string;
}

export class UnidentifiedCashCandidate {
  customerId!: string;
  /** Why the matcher thought of them, or that they reported paying exactly this amount. */
  reason!: string;
}

export class UnidentifiedCashItem implements projections.UnidentifiedCashItem {
  paymentId!: string;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() receivedOn!: BusinessDate;
  @BusinessDateProperty() valueOn!: BusinessDate | null;
  @ApiProperty({ type: ReceivedCashPayer, nullable: true })
  payer!: ReceivedCashPayer | null;
  remittance!: string | null;
  bankReference!: string | null;
  /** The customers it might be from, and why. */
  @ApiProperty({ type: [UnidentifiedCashCandidate] })
  candidates!: UnidentifiedCashCandidate[];
  /** `waiting` for a person; `assigned` to a customer (then their unapplied cash); `refunded`. */
  @ApiProperty({ enum: UNIDENTIFIED_CASH_STATUSES })
  status!: projections.UnidentifiedCashStatus;
  /** The customer it was assigned to; null otherwise. */
  assignedTo!: string | null;
  @BusinessDateProperty() assignedOn!: BusinessDate | null;
  @BusinessDateProperty() refundedOn!: BusinessDate | null;
  refundReason!: string | null;
}

export class UnidentifiedCashPage implements projections.CashPage<projections.UnidentifiedCashItem> {
  @ApiProperty({ type: [UnidentifiedCashItem] })
  items!: UnidentifiedCashItem[];
  /** Pass as `after` for the next page; absent on the last. */
  next?: string;
}
