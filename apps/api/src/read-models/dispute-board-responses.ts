import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode, DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS, DisputeCategory, DisputeResolution } from '@collections/domain';
import type * as projections from '@collections/projections';
import { DISPUTE_KINDS, DISPUTE_STATUSES } from '@collections/projections';
import { BusinessDateProperty, CountProperty, CurrencyProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /disputes answers: the disputes board, described. */

export class DisputeBoardItem implements projections.DisputeBoardItem {
  customerId!: string;
  disputeId!: string;
  /** A dispute, or a deduction (a dispute the customer settled by paying short). */
  @ApiProperty({ enum: DISPUTE_KINDS })
  kind!: projections.DisputeKind;
  invoiceId!: string;
  @ApiProperty({ enum: DISPUTE_CATEGORIES })
  category!: DisputeCategory;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() raisedOn!: BusinessDate;
  /** The team that owns it; absent until the policy (or a manager) assigns it. */
  ownerTeam?: string;
  /** The person in the team who owns it. */
  ownerId?: string;
  /** When it is to be resolved by. */
  @BusinessDateProperty() targetOn?: BusinessDate;
  /** Open: days from the target date to `asOf`; resolved: days it was resolved after its target; 0 when not past it. */
  @CountProperty() daysPastTarget!: number;
  /** When its owner was reminded of being past the target it has. */
  @BusinessDateProperty() remindedOn?: BusinessDate;
  @ApiProperty({ enum: DISPUTE_STATUSES })
  status!: projections.DisputeStatus;
  @BusinessDateProperty() resolvedOn?: BusinessDate;
  @ApiProperty({ enum: DISPUTE_RESOLUTIONS })
  resolution?: DisputeResolution;
}

export class DisputeOwnerCount implements projections.DisputeOwnerCount {
  /** null: the disputes nobody owns yet. */
  @ApiProperty({ type: 'string', nullable: true })
  ownerTeam!: string | null;
  ownerId?: string;
  @CountProperty() open!: number;
  /** Of those, how many are past their target date on `asOf`. */
  @CountProperty() pastTarget!: number;
}

export class DisputeBoard implements projections.DisputeBoard {
  /** The day being past target was judged on. */
  @BusinessDateProperty() asOf!: BusinessDate;
  /** Open first, by target date (the most overdue first), those nobody owns last. */
  @ApiProperty({ type: [DisputeBoardItem] })
  items!: DisputeBoardItem[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
  /** Every open dispute of the owner asked for (every owner when none is), by team and person, those with most past target first. */
  @ApiProperty({ type: [DisputeOwnerCount] })
  byOwner!: DisputeOwnerCount[];
}
