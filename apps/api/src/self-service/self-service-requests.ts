import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DISPUTE_CATEGORIES, DisputeCategory } from '@collections/domain';
import { IsBusinessDate, IsCurrencyCode, IsEntityId, IsInvoiceIds, IsMinorUnits, IsOneOf, IsText } from '../accounts/validation';
import { CustomerPath } from '../accounts/requests';
import { ClosedBody } from '../openapi/component-schemas';

/**
 * What a customer sends from its own page (/pay/:token/…) and what a manager sends to revoke a
 * letter's link. The customer names no customer and no id of what it records: the token says
 * whose page it is, and the service chooses the ids.
 */

/** The categories a customer may dispute in: a deduction is what it does by paying short, not a choice on its page. */
export const CUSTOMER_DISPUTE_CATEGORIES = DISPUTE_CATEGORIES.filter((category) => category !== 'deduction');

export class LinkPath {
  /** The signed token of a letter's link (`<payload>.<signature>`): the only credential of the customer's routes. */
  @ApiProperty({ type: 'string', description: "The signed token of a letter's link, as the link's URL holds it" })
  @IsString()
  token!: string;
}

@ClosedBody()
export class CustomerPromiseBody {
  /** What the customer promises to pay, within the policy's limits (GET account's `promise`). */
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  /** The day the customer promises to pay by: today at the earliest, the policy's latest day at the latest. */
  @IsBusinessDate() promisedFor!: string;
}

@ClosedBody()
export class CustomerDisputeBody {
  @IsEntityId() invoiceId!: string;
  @IsOneOf(CUSTOMER_DISPUTE_CATEGORIES) category!: Exclude<DisputeCategory, 'deduction'>;
  /** What is wrong, in the customer's words. */
  @IsText() description!: string;
  /** The disputed part of the invoice; its whole open balance when left out. */
  @IsOptional() @IsMinorUnits({ positive: true }) amount?: number;
}

@ClosedBody()
export class PaymentReportBody {
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  /** The day the customer says it paid: today at the latest. */
  @IsBusinessDate() paidOn!: string;
  /** The payment's reference, to find the money in a bank statement. */
  @IsOptional() @IsText(140) reference?: string;
  /** The invoices it paid; left out, every open invoice in the currency. */
  @IsOptional() @IsInvoiceIds() invoiceIds?: string[];
}

/** A letter of a customer, as the path names it. */
export class CustomerLetterPath extends CustomerPath {
  @IsEntityId() letterId!: string;
}

@ClosedBody()
export class RevokeLinkBody {
  /** Why the link is revoked (a letter sent to the wrong address, a forwarded mail…). */
  @IsOptional() @IsText(500) reason?: string;
}
