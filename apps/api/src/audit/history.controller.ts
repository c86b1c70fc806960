import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Clock, streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore, ReadStreamOptions, RecordedEvent } from '@collections/event-store';
import { stringify } from 'csv-stringify';
import { Response } from 'express';
import { RequirePermission } from '../auth/auth.decorators';
import { CLOCK } from '@collections/platform';
import { foldAccount, readCustomerHistory } from '@collections/accounts';
import { CustomerPath } from '../accounts/requests';
import { IsBusinessDate, IsOneOf } from '../accounts/validation';
import { NotFoundError } from '../problems/problem-details';
import { IsQueryInteger } from '../read-models/queries';
import { accountView } from './account-view';

class StateQuery {
  /** Fold only events whose business date is on or before this day; defaults to today. */
  @IsOptional() @IsBusinessDate() asOf?: string;
}

/** The most events one page of a history holds (`maxCount`); page on with `fromRevision`. */
export const MAX_HISTORY_EVENTS = 100_000;

class HistoryQuery {
  /** Start at this 0-based revision (for paging through a long history). */
  @IsOptional() @IsQueryInteger(0, Number.MAX_SAFE_INTEGER) fromRevision?: number;
  /** At most this many events. */
  @IsOptional() @IsQueryInteger(1, MAX_HISTORY_EVENTS) maxCount?: number;
}

class ExportQuery {
  @IsOptional() @IsOneOf(['jsonl', 'csv']) format?: 'jsonl' | 'csv';
}

const historyEntry = (event: RecordedEvent) => ({
  revision: event.revision,
  position: event.position,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.metadata.recordedAt,
});

/**
 * The auditor's replay. It reads the customer's stream itself, never a read model, so what it
 * shows is what was recorded.
 */
@ApiTags('Audit')
@ApiBearerAuth()
@Controller('customers/:customerId')
export class HistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('history')
  @RequirePermission('ReadAccount')
  async history(@Param() { customerId }: CustomerPath, @Query() { fromRevision, maxCount }: HistoryQuery) {
    const events = await this.readStream(customerId, { fromRevision, maxCount });
    return { customerId, events: events.map(historyEntry) };
  }

  @Get('state')
  @RequirePermission('ReadAccount')
  async state(@Param() { customerId }: CustomerPath, @Query() { asOf }: StateQuery) {
    const { history } = await readCustomerHistory(this.store, customerId);
    if (history.length === 0) throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    const date = asOf ?? this.clock.today();
    return accountView(customerId, date, foldAccount(history, date));
  }

  @Get('history/export')
  @RequirePermission('ReadAccount')
  @ApiProduces('application/x-ndjson', 'text/csv')
  async export(@Param() { customerId }: CustomerPath, @Query() { format = 'jsonl' }: ExportQuery, @Res() response: Response) {
    const events = (await this.readStream(customerId)).map(historyEntry);
    const filename = `collection-history-${customerId}.${format}`;
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    if (format === 'jsonl') {
      response.type('application/x-ndjson').send(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
      return;
    }
    response.type('text/csv');
    const csv = stringify({
      header: true,
      // A spreadsheet must not run a customer's "=cmd|…" note as a formula.
      escape_formulas: true,
      columns: ['revision', 'position', 'type', 'occurredAt', 'recordedAt', 'actorId', 'actorRole', 'commandId', 'correlationId', 'data'],
    });
    csv.pipe(response);
    for (const event of events) {
      const actor = event.metadata.actor as { id: string; role: string } | undefined;
      csv.write({
        ...event,
        actorId: actor?.id,
        actorRole: actor?.role,
        commandId: event.metadata.commandId,
        correlationId: event.metadata.correlationId,
        data: JSON.stringify(event.data),
      });
    }
    csv.end();
  }

  private async readStream(customerId: string, page: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamIdOf(customerId), page);
    if (events.length === 0 && (await this.store.readStream(streamIdOf(customerId), { maxCount: 1 })).length === 0) {
      throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    }
    return events;
  }
}
