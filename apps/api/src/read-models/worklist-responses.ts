import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode } from '@collections/domain';
import type * as projections from '@collections/projections';
import { SEGMENTS, WORKLIST_STATES } from '@collections/projections';
import { BusinessDateProperty, CountProperty, CurrencyProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /worklists/:collectorId answers: the projection's worklist page, described. */

/** An invoice predicted to be paid more than 14 days after its due date: why an item is likely late. */
export class LikelyLateInvoice implements projections.LikelyLateInvoice {
  invoiceId!: string;
  @BusinessDateProperty() dueOn!: BusinessDate;
  @BusinessDateProperty() predictedOn!: BusinessDate;
  /** Days from the due date to the predicted day. */
  @CountProperty() daysLate!: number;
}

export class WorklistItem implements projections.WorklistItem {
  customerId!: string;
  @CurrencyProperty() currency!: CurrencyCode;
  /** The overdue, open invoices of the item. */
  invoiceIds!: string[];
  /** Overdue and still open, in minor units. */
  @MinorUnitsProperty() balance!: number;
  /** Days since the oldest overdue invoice fell due. */
  @CountProperty() daysOverdue!: number;
  /**
   * `call_now` is the one state a collector acts on by calling; `cash_to_apply`, an item that would
   * be a call while the account holds unapplied cash in its currency (apply it first); the others
   * say what the item waits for.
   */
  @ApiProperty({ enum: WORKLIST_STATES })
  state!: projections.WorklistState;
  nextAction!: projections.WorklistItem['nextAction'];
  /** When to look at it next; null while it is with an agency or in court. */
  @BusinessDateProperty() nextActionOn!: BusinessDate | null;
  /** Cash on the account in the item's currency not yet applied to any invoice, in minor units. */
  @MinorUnitsProperty() unappliedCash!: number;
  /** 0–100, one decimal: balance, age, broken promises, the customer's share of overdue receivables, and likely late. */
  @ApiProperty({ type: 'number', minimum: 0, maximum: 100 })
  priority!: number;
  /** Whether any of its invoices is predicted to be paid more than 14 days after its due date (it raises the priority). */
  likelyLate!: boolean;
  /** Why it is likely late: those invoices (empty when it is not). */
  @ApiProperty({ type: [LikelyLateInvoice] })
  likelyLateInvoices!: LikelyLateInvoice[];
  @ApiProperty({ enum: SEGMENTS })
  segment!: projections.Segment;
  @CountProperty() brokenPromises!: number;
  @BusinessDateProperty() lastContactOn!: BusinessDate | null;
}

export class Worklist implements projections.WorklistPage {
  /** The collector; null for the accounts nobody is assigned to (`unassigned`). */
  collectorId!: string | null;
  /** Today: what is overdue depends on the day. */
  @BusinessDateProperty() asOf!: BusinessDate;
  /** Items over all pages. */
  @CountProperty() total!: number;
  @CountProperty({ minimum: 1 }) page!: number;
  @CountProperty({ minimum: 1 }) pageSize!: number;
  @ApiProperty({ type: [WorklistItem] })
  items!: WorklistItem[];
}
