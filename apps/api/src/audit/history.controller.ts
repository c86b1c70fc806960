import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock, streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore, ReadStreamOptions, RecordedEvent } from '@collections/event-store';
import { stringify } from 'csv-stringify';
import { FastifyReply } from 'fastify';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { isAllowed } from '../auth/roles';
import { CLOCK } from '@collections/platform';
import { Actor, CustomerAccounts, foldAccount, readCustomerHistory } from '@collections/accounts';
import { CustomerPath } from '../accounts/requests';
import { NotFoundError } from '../problems/problem-details';
import { ExportQuery, HistoryQuery, StateQuery } from './history-requests';
import { accountView } from './account-view';
import { AccountStateView } from './account-state-responses';
import { CustomerHistory } from './history-responses';
import { HistoryReader, historyEntry, historyJsonLines } from './history-entry';
import { ProblemResponses } from '../problems/problem-responses';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { predictionsOf } from '@collections/projections';

/** The export's media types: one JSON history entry per line, or a spreadsheet's CSV. */
const EXPORT_CONTENT = {
  'application/x-ndjson': {
    schema: { type: 'string' },
    example:
      '{"revision":0,"position":1,"type":"InvoiceRegistered","data":{…},"metadata":{…},"occurredAt":"2024-01-10","recordedAt":"…"}\n',
  },
  'text/csv': {
    schema: { type: 'string' },
    example: 'revision,position,type,occurredAt,recordedAt,actorId,actorRole,commandId,correlationId,data\n0,1,InvoiceRegistered,…\n',
  },
};

const readerOf = (actor: Actor): HistoryReader => ({ readsReplies: isAllowed(actor.role, 'ReadReplies') });

/**
 * The auditor's replay. It reads the customer's stream itself, never a read model, so what it
 * shows is what was recorded (the state's predicted payment days alone come from the predictions
 * read model: they are estimates, not records). (The state as of a day on or after the account's latest event is
 * the command side's fold of the same stream, caught up with the store on every call.)
 */
@ApiTags('Audit')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('customers/:customerId')
export class HistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: CustomerAccounts,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** The customer's recorded history, event by event (the auditor's replay). */
  @Get('history')
  @ApiOkResponse({ description: 'A page of the recorded history', type: CustomerHistory })
  @RequirePermission('ReadAccount')
  async history(
    @Param() { customerId }: CustomerPath,
    @Query() { fromRevision, maxCount }: HistoryQuery,
    @CurrentActor() actor: Actor,
  ): Promise<CustomerHistory> {
    const events = await this.readStream(customerId, { fromRevision, maxCount });
    const reader = readerOf(actor);
    return { customerId, events: events.map((event) => historyEntry(event, reader)) };
  }

  /** The account as it stood at the end of a day. */
  @Get('state')
  @ApiOkResponse({ description: 'The account as of the day', type: AccountStateView })
  @RequirePermission('ReadAccount')
  async state(@Param() { customerId }: CustomerPath, @Query() { asOf }: StateQuery): Promise<AccountStateView> {
    const today = this.clock.today();
    const date = asOf ?? today;
    const view = await this.stateAsOf(customerId, date);
    // Predictions are today's estimates: a past day's state shows what was recorded, and nothing guessed since.
    return date >= today ? this.withPredictions(view) : view;
  }

  private async stateAsOf(customerId: string, date: string): Promise<AccountStateView> {
    // Nothing happened after the day: the account as of the day is the account as it is now,
    // folded already (the stream is read only from the last revision folded).
    const account = await this.accounts.load(customerId);
    if (account.latestOccurredAt !== undefined && account.latestOccurredAt <= date) return accountView(customerId, date, account.state);
    const { history } = await readCustomerHistory(this.store, customerId);
    if (history.length === 0) throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    return accountView(customerId, date, foldAccount(history, date));
  }

  /** Each invoice open in the view gets its predicted payment day from the predictions read model (the one state reads beside the stream). */
  private async withPredictions(view: AccountStateView): Promise<AccountStateView> {
    const predictions = await predictionsOf(this.readStore, view.customerId);
    for (const invoice of view.invoices) {
      const predicted = invoice.balance > 0 ? predictions.get(invoice.invoiceId) : undefined;
      if (!predicted) continue;
      const { predictedOn, range, basis, drivers } = predicted.prediction;
      Object.assign(invoice, {
        predictedPaymentOn: predictedOn,
        predictedRange: { ...range },
        predictionBasis: basis,
        predictionDrivers: drivers.map(({ fact, days }) => ({ fact, days })),
      });
    }
    return view;
  }

  /** Export the customer's history as JSONL or CSV. */
  @Get('history/export')
  @RequirePermission('ReadAccount')
  @ApiOkResponse({
    description: 'The whole history as a download: JSON Lines of history entries (`format=jsonl`, the default) or CSV (`format=csv`)',
    headers: {
      'Content-Disposition': { description: 'attachment; filename="collection-history-<customerId>.<format>"', schema: { type: 'string' } },
    },
    content: EXPORT_CONTENT,
  })
  async export(
    @Param() { customerId }: CustomerPath,
    @Query() { format = 'jsonl' }: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentActor() actor: Actor,
  ): Promise<string | StreamableFile> {
    const recorded = await this.readStream(customerId);
    const reader = readerOf(actor);
    const disposition = `attachment; filename="collection-history-${customerId}.${format}"`;
    if (format === 'jsonl') {
      reply.header('Content-Disposition', disposition).type('application/x-ndjson');
      return historyJsonLines(recorded, reader);
    }
    const events = recorded.map((event) => historyEntry(event, reader));
    const csv = stringify({
      header: true,
      // A spreadsheet must not run a customer's "=cmd|…" note as a formula.
      escape_formulas: true,
      columns: ['revision', 'position', 'type', 'occurredAt', 'recordedAt', 'actorId', 'actorRole', 'commandId', 'correlationId', 'data'],
    });
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
    return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition });
  }

  private async readStream(customerId: string, page: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamIdOf(customerId), page);
    if (events.length === 0 && (await this.store.readStream(streamIdOf(customerId), { maxCount: 1 })).length === 0) {
      throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    }
    return events;
  }
}
