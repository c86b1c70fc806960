import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { FastifyReply } from 'fastify';
import { Actor } from '@collections/accounts';
import {
  AdHocAnswer,
  QueryNotEvaluableError,
  QueryOverBoundError,
  checkAdHocQuery,
  collectionsRead,
  isQueryableCollection,
  runAdHocQuery,
} from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { Permission, isAllowed } from '../auth/roles';
import { BusinessRuleRefusal, NotFoundError, RequestValidationError } from '../problems/problem-details';
import { ProblemResponses } from '../problems/problem-responses';
import { ReadModelPath, ReadModelQueryBody } from './read-model-query-requests';
import { ReadModelQueryAnswer } from './read-model-query-responses';

/**
 * Read models whose documents an endpoint of their own guards more closely than the reports: what
 * customers wrote (replies) and who paid from which account (cash). A question that reads them, in
 * its path or a `$lookup`, needs that permission too; every other read model is the reports'.
 */
const COLLECTION_PERMISSIONS: Partial<Record<string, Permission>> = {
  replies: 'ReadReplies',
  reply_customers: 'ReadReplies',
  unapplied_cash: 'ReadCash',
  unidentified_cash: 'ReadCash',
  payment_reports: 'ReadCash',
};

/** Ad-hoc questions over the read models, for analysts, auditors and managers: in both modes, the same code. */
@ApiTags('Read models')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404, 422)
@Controller('read-models')
export class ReadModelQueryController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /**
   * Runs a MongoDB filter or a read-only aggregation pipeline over one read model, within bounds:
   * `limit` rows (1,000 unless said, at most 10,000; `truncated` says when more answer), 5 s, and
   * what a `$sort` or `$group` may hold in memory (past the time or memory bound: a 422 that says
   * which and how to narrow the question). `Accept: text/csv` answers the rows as CSV, a header row
   * first, nested values as JSON text, and `Query-Truncated` saying whether rows were cut.
   */
  @Post(':collection/query')
  @HttpCode(200)
  @RequirePermission('ReadAdHocQueries')
  @ApiExtraModels(ReadModelQueryAnswer)
  // No one field is required (a filter or a pipeline is): without either, the 400 says which to send.
  @ApiBody({ type: ReadModelQueryBody, required: false })
  @ApiOkResponse({
    description: 'The rows that answer, and whether they were cut at `limit`',
    headers: {
      'Query-Truncated': {
        description: 'On CSV answers: `true` when more rows answer than `limit`',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReadModelQueryAnswer) } },
      'text/csv': { schema: { type: 'string' }, example: 'customerId,balance,invoiceIds\nC-1,125000,"[""INV-1""]"\n' },
    },
  })
  async query(
    @Param() { collection }: ReadModelPath,
    @Body() body: ReadModelQueryBody,
    @CurrentActor() actor: Actor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReadModelQueryAnswer | string> {
    if (!isQueryableCollection(collection)) {
      throw new NotFoundError(
        `There is no read model named ${collection}: POST /read-models/<collection>/query asks one of those docs/read-models.md lists`,
      );
    }
    const checked = checkAdHocQuery(body);
    if ('problems' in checked) throw new RequestValidationError(checked.problems);
    for (const read of collectionsRead(collection, checked.query)) {
      const permission = COLLECTION_PERMISSIONS[read] ?? 'ReadReports';
      if (!isAllowed(actor.role, permission)) {
        throw new ForbiddenException(`The ${actor.role} role may not read ${read} (it needs ${permission}), in the path or a $lookup`);
      }
    }
    const answer = await this.run(collection, checked.query);
    if (!wantsCsv(accept)) return answer;
    reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${collection}.csv"`)
      .header('Query-Truncated', String(answer.truncated));
    return toCsv(answer.rows);
  }

  private async run(collection: string, query: Parameters<typeof runAdHocQuery>[2]): Promise<AdHocAnswer> {
    try {
      return await runAdHocQuery(this.readStore, collection, query);
    } catch (error) {
      if (error instanceof QueryNotEvaluableError) throw new RequestValidationError([{ pointer: error.pointer, detail: error.message }]);
      if (error instanceof QueryOverBoundError) throw new BusinessRuleRefusal(`query-${error.bound}-bound`, error.message);
      throw error;
    }
  }
}

/** CSV when the caller prefers it to JSON (an `Accept` naming text/csv before, or without, application/json). */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

/** The rows as CSV: every field any row has, in the order first seen; objects and arrays as JSON text. */
function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
  const records = rows.map((row) => columns.map((column) => cell(row[column])));
  // A spreadsheet must not run a customer's "=cmd|…" text as a formula.
  return stringify(records, { header: true, columns, escape_formulas: true });
}
