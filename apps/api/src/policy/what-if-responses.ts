import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate } from '@collections/domain';
import type * as engine from '@collections/policy-engine';
import { BusinessDateProperty, CountProperty, InstantProperty, SchemaProperty } from '../openapi/response-properties';

/** What the what-if endpoints answer: a run's progress and, once done, the comparison. */

const COUNTS_BY_NAME = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;

export class WhatIfLetters implements Pick<engine.WhatIfFigures['letters'][number], 'level' | 'channel'> {
  /** The dunning level, or `final` for the final notice. */
  level!: string;
  channel!: string;
  @CountProperty() count!: number;
}

export class WhatIfDays implements engine.DaysFigure {
  /** Invoices counted: those first reminded (or first called about) in the period. */
  @CountProperty() invoices!: number;
  /** Null when there were none. */
  median!: number | null;
  mean!: number | null;
}

export class WhatIfFigures implements engine.WhatIfFigures {
  /** Reminders and final notices, by level and channel. */
  @ApiProperty({ type: [WhatIfLetters] })
  letters!: WhatIfLetters[];
  @CountProperty() lettersTotal!: number;
  @CountProperty() callsScheduled!: number;
  /** Calls scheduled, by reason. */
  @SchemaProperty(COUNTS_BY_NAME)
  callsByReason!: Record<string, number>;
  @CountProperty() escalationProposals!: number;
  /** Escalation proposals, by kind. */
  @SchemaProperty(COUNTS_BY_NAME)
  escalationsByKind!: Record<string, number>;
  /** Referrals to an agency the policy made by itself. */
  @CountProperty() referrals!: number;
  /** Days from due date to each invoice's first reminder in the period. */
  @ApiProperty({ type: WhatIfDays })
  daysToFirstReminder!: WhatIfDays;
  /** Days from due date to the first call scheduled for each invoice in the period. */
  @ApiProperty({ type: WhatIfDays })
  daysToFirstCall!: WhatIfDays;
  @CountProperty() customersContacted!: number;
  /** The most letters and calls any one customer got in one week (Monday to Sunday). */
  @CountProperty() mostContactsInOneWeek!: number;
  /** Contacts on an invoice whose dispute was open: must be 0. */
  @CountProperty() contactsWhileDisputeOpen!: number;
  /** Contacts on an invoice with an open promise not yet due: must be 0. */
  @CountProperty() contactsWhilePromiseNotDue!: number;
}

export class WhatIfRefusedFact implements engine.RefusedFact {
  customerId!: string;
  @BusinessDateProperty() on!: BusinessDate;
  /** The recorded event's type. */
  type!: engine.RefusedFact['type'];
  reason!: string;
}

export class WhatIfExternalFacts {
  @CountProperty() replayed!: number;
  @CountProperty() refused!: number;
  /** The first 100 refused, with why. */
  @ApiProperty({ type: [WhatIfRefusedFact] })
  refusedFacts!: WhatIfRefusedFact[];
}

export class WhatIfPolicyName {
  name!: string;
  @CountProperty({ minimum: 1 }) version!: number;
}

export class WhatIfComparison implements engine.WhatIfReport {
  @BusinessDateProperty() from!: BusinessDate;
  @BusinessDateProperty() to!: BusinessDate;
  @CountProperty() days!: number;
  /** Customers with an account at the end of the period. */
  @CountProperty() customers!: number;
  @ApiProperty({ type: WhatIfPolicyName })
  proposedPolicy!: WhatIfPolicyName;
  /** What the replay holds fixed: customers' behaviour, as recorded. */
  heldAsRecorded!: string;
  @ApiProperty({ type: WhatIfExternalFacts })
  externalFacts!: WhatIfExternalFacts;
  /** Engine batches the replayed accounts refused. */
  @CountProperty() engineRefusals!: number;
  /** What the policy in force did, as recorded. */
  @ApiProperty({ type: WhatIfFigures })
  actual!: WhatIfFigures;
  /** What the proposed policy would have done. */
  @ApiProperty({ type: WhatIfFigures })
  proposed!: WhatIfFigures;
}

export class WhatIfProgress {
  @CountProperty() daysDone!: number;
  @CountProperty() days!: number;
}

export const WHAT_IF_STATUSES = ['running', 'done', 'failed'] as const;

/** A what-if run: POST /policies/what-if answers it (202) and GET /policies/what-if/:id follows it. */
export class WhatIfRunView {
  @ApiProperty({ type: 'string', format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: WHAT_IF_STATUSES })
  status!: (typeof WHAT_IF_STATUSES)[number];
  /** The proposed policy. */
  @ApiProperty({ type: WhatIfPolicyName })
  policy!: WhatIfPolicyName;
  @BusinessDateProperty() from!: BusinessDate;
  @BusinessDateProperty() to!: BusinessDate;
  /** The manager who started it. */
  requestedBy!: string;
  @InstantProperty() startedAt!: string;
  @InstantProperty() finishedAt?: string;
  @ApiProperty({ type: WhatIfProgress })
  progress!: WhatIfProgress;
  /** Once done: the comparison. */
  @ApiProperty({ type: WhatIfComparison })
  report?: WhatIfComparison;
  /** Once failed: why. */
  error?: string;
}
