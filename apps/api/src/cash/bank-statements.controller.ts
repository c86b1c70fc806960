import { Body, Controller, Headers, HttpCode, Inject, Post, UnsupportedMediaTypeException } from '@nestjs/common';
import { Clock } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { PoliciesInForce } from '@collections/policy-engine';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandOrigin } from '@collections/accounts';
import { StatementImporter, parseStatement } from '@collections/cash-application';
import { RequirePermission } from '../auth/auth.decorators';
import { Origin } from '../accounts/command-origin.decorator';
import { ProblemResponses } from '../problems/problem-responses';
import { StatementImported } from './cash-responses';

/**
 * Bank statements in: ISO 20022 camt.053 (application/xml) or the documented CSV (text/csv).
 * A file with any error is refused whole (422 naming the line or XML path) and books nothing;
 * one imported twice books nothing the second time.
 */
@ApiTags('Cash application')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 413, 415, 422)
@Controller('bank-statements')
export class BankStatementsController {
  constructor(
    private readonly importer: StatementImporter,
    private readonly policies: PoliciesInForce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Import a bank statement: each credit is matched to a customer and its invoices, or left unapplied or unidentified. */
  @Post()
  @HttpCode(200)
  @RequirePermission('ReceiveCash')
  @ApiConsumes('application/xml', 'text/csv')
  @ApiBody({ description: 'The statement file as it came from the bank', schema: { type: 'string' } })
  @ApiOkResponse({ description: 'What became of each entry', type: StatementImported })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Origin() origin: CommandOrigin,
  ): Promise<StatementImported> {
    if (typeof body !== 'string') {
      throw new UnsupportedMediaTypeException('Send the statement as application/xml (camt.053) or text/csv');
    }
    const format = /csv/i.test(contentType ?? '') ? 'csv' : 'camt.053';
    const statement = parseStatement(body, format);
    const { policy } = await this.policies.on(this.clock.today(), { adopt: false });
    return this.importer.import(statement, { actor: origin.actor, oldestFirst: policy.applyCashOldestFirst ?? false });
  }
}
