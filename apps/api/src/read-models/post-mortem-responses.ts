import { ApiProperty } from '@nestjs/swagger';
import {
  ActionItem as DomainActionItem,
  BusinessDate,
  CurrencyCode,
  DISPUTE_CATEGORIES,
  DisputeCategory,
  ROOT_CAUSES,
  RootCause,
} from '@collections/domain';
import type * as projections from '@collections/projections';
import {
  AmountsByCurrencyProperty,
  BusinessDateProperty,
  CountProperty,
  CurrencyProperty,
  DaysProperty,
  MinorUnitsProperty,
} from '../openapi/response-properties';

/** What GET /post-mortems and GET /post-mortems/:customerId answer: the collection paths of written-off accounts, described. */

export class PostMortemDispute implements projections.PathDispute {
  disputeId!: string;
  invoiceId!: string;
  category!: DisputeCategory;
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
  @BusinessDateProperty() raisedOn!: BusinessDate;
  /** Null while it is open. */
  @BusinessDateProperty() resolvedOn!: BusinessDate | null;
}

export class PostMortemWriteOff implements projections.PathWriteOff {
  writeOffId!: string;
  @BusinessDateProperty() writtenOffOn!: BusinessDate;
  invoiceIds!: string[];
  /** What it wrote off, per currency. */
  @AmountsByCurrencyProperty() amounts!: projections.AmountsByCurrency;
}

export class PostMortemCreditHold implements projections.PathCreditHold {
  @BusinessDateProperty() placedOn!: BusinessDate;
  reason!: string;
  /** Null while the hold is in place. */
  @BusinessDateProperty() liftedOn!: BusinessDate | null;
}

export class ActionItem implements DomainActionItem {
  description!: string;
  owner!: string;
  @BusinessDateProperty() dueOn!: BusinessDate;
}

export class RecordedPostMortem implements projections.PathPostMortem {
  postMortemId!: string;
  rootCause!: RootCause;
  summary!: string;
  @ApiProperty({ type: [ActionItem] })
  actionItems!: ActionItem[];
  @BusinessDateProperty() recordedOn!: BusinessDate;
}

export class PostMortem implements projections.PostMortemView {
  customerId!: string;
  /** The earliest due date among the written-off invoices: day 0 of the path. */
  @BusinessDateProperty() earliestDueOn!: BusinessDate | null;
  /** Days from day 0 to the first reminder; null when none was sent (negative: before day 0). */
  @DaysProperty() daysToFirstReminder!: number | null;
  @DaysProperty() daysToFirstContact!: number | null;
  @DaysProperty() daysToAgency!: number | null;
  @DaysProperty() daysToLegalAction!: number | null;
  @DaysProperty() daysToWriteOff!: number | null;
  @CountProperty() remindersSent!: number;
  @CountProperty() highestReminderLevel!: number;
  @CountProperty() contacts!: number;
  @CountProperty() promisesMade!: number;
  @CountProperty() promisesKept!: number;
  @CountProperty() promisesBroken!: number;
  @ApiProperty({ type: [PostMortemDispute] })
  disputes!: PostMortemDispute[];
  /** Each complaint category once, in the order first recorded. */
  @ApiProperty({ enum: DISPUTE_CATEGORIES, isArray: true })
  disputeCategories!: DisputeCategory[];
  @ApiProperty({ type: [PostMortemCreditHold] })
  creditHolds!: PostMortemCreditHold[];
  @ApiProperty({ type: [PostMortemWriteOff] })
  writeOffs!: PostMortemWriteOff[];
  @AmountsByCurrencyProperty() writtenOff!: projections.AmountsByCurrency;
  @AmountsByCurrencyProperty() recovered!: projections.AmountsByCurrency;
  /** Each recorded root cause once, in the order recorded. */
  @ApiProperty({ enum: ROOT_CAUSES, isArray: true })
  rootCauses!: RootCause[];
  @ApiProperty({ type: [RecordedPostMortem] })
  postMortems!: RecordedPostMortem[];
}

export class WrittenOffAccount implements projections.WrittenOffAccount {
  customerId!: string;
  @BusinessDateProperty() firstWrittenOffOn!: BusinessDate;
  @BusinessDateProperty() lastWrittenOffOn!: BusinessDate;
  @ApiProperty({ type: [PostMortemWriteOff] })
  writeOffs!: PostMortemWriteOff[];
  /** All the account's write-offs, not only those in the date range. */
  @AmountsByCurrencyProperty() writtenOff!: projections.AmountsByCurrency;
  @AmountsByCurrencyProperty() recovered!: projections.AmountsByCurrency;
  @ApiProperty({ enum: ROOT_CAUSES, isArray: true })
  rootCauses!: RootCause[];
}

export class WrittenOffAccounts implements projections.WrittenOffAccountsPage {
  @CountProperty({ minimum: 1 }) page!: number;
  @CountProperty({ minimum: 1 }) pageSize!: number;
  /** Matching accounts over all pages. */
  @CountProperty() total!: number;
  @ApiProperty({ type: [WrittenOffAccount] })
  accounts!: WrittenOffAccount[];
}
