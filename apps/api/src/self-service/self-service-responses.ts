import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, DisputeCategory } from '@collections/domain';
import { BusinessDateProperty, CurrencyProperty, MinorUnitsProperty } from '../openapi/response-properties';
import { CUSTOMER_DISPUTE_CATEGORIES } from './self-service-requests';

/**
 * What a customer's own routes answer: its page (open invoices, letters, how to pay, what it may
 * promise) and what it recorded. Nothing here names another customer, a collector or staff notes.
 */

/** Who to pay and how, as the letters say it (CREDITOR_* in the configuration). */
export class CreditorDetails {
  name!: string;
  bankDetails?: string;
  paymentUrl?: string;
  contact?: string;
}

export class CustomerInvoice {
  invoiceId!: string;
  @BusinessDateProperty() issuedOn!: BusinessDate;
  @BusinessDateProperty() dueOn!: BusinessDate;
  @CurrencyProperty() currency!: string;
  @MinorUnitsProperty() amount!: number;
  /** What is still owed on it. */
  @MinorUnitsProperty() openBalance!: number;
  /** An open dispute (or deduction) is on it. */
  disputed!: boolean;
  /** An open promise covers it. */
  promised!: boolean;
}

export class CustomerLetter {
  @ApiProperty({ format: 'uuid' }) letterId!: string;
  @BusinessDateProperty() sentOn!: BusinessDate;
  @ApiProperty({ enum: ['reminder', 'final_notice'] }) kind!: string;
  subject!: string;
  text!: string;
}

export class AmountInCurrency {
  @CurrencyProperty() currency!: string;
  @MinorUnitsProperty() amount!: number;
}

/** What the page may offer as a promise, by the policy's limits. */
export class PromiseTerms {
  /** Whether a promise is taken on the page at all. */
  allowed!: boolean;
  /** Why not, in words for the customer (e.g. earlier promises broken: please call). */
  reason?: string;
  /** The latest day a promise may be for. */
  @BusinessDateProperty() latestOn!: BusinessDate;
  /** The smallest amount a promise may be, per currency with something open to promise. */
  @ApiProperty({ type: [AmountInCurrency] })
  minimum!: AmountInCurrency[];
}

/** GET /pay/:token/account: the customer's page. */
export class CustomerPage {
  customerId!: string;
  /** The last day this link opens the page. */
  @BusinessDateProperty() linkExpiresOn!: BusinessDate;
  @ApiProperty({ type: CreditorDetails }) creditor!: CreditorDetails;
  /** The reference to give with a payment (the customer number). */
  paymentReference!: string;
  /** The open invoices, oldest due first. */
  @ApiProperty({ type: [CustomerInvoice] }) invoices!: CustomerInvoice[];
  /** The letters sent to the customer, newest first. */
  @ApiProperty({ type: [CustomerLetter] }) letters!: CustomerLetter[];
  @ApiProperty({ type: PromiseTerms }) promise!: PromiseTerms;
  @ApiProperty({ enum: CUSTOMER_DISPUTE_CATEGORIES, isArray: true })
  disputeCategories!: DisputeCategory[];
}

export class CustomerPromiseRecorded {
  promiseId!: string;
  /** The invoices it covers: those open in its currency without a promise, oldest due first. */
  @ApiProperty({ type: [String] }) invoiceIds!: string[];
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: string;
  @BusinessDateProperty() promisedFor!: BusinessDate;
}

export class CustomerDisputeRecorded {
  disputeId!: string;
}

export class PaymentReportRecorded {
  reportId!: string;
}

/** Always the same answer, whatever the token: it says nothing of whether the link was genuine. */
export class FreshLinkRequestAccepted {
  @ApiProperty({ enum: [true] }) requested!: true;
}
