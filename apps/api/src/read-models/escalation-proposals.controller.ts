import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { listEscalationProposals } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { EscalationProposals } from './escalation-proposal-responses';
import { EscalationProposalsQuery } from './read-model-requests';

@ApiTags('Escalation proposals')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('escalation-proposals')
export class EscalationProposalsController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /**
   * The policy engine's proposals to managers (agency referrals, write-offs), oldest first:
   * `pending` ones wait for a decision, `accepted` ones were carried out by the referral or
   * write-off that named them, `declined` ones say why. A report over all customers, read by
   * those who read reports (managers decide; auditors and analysts review the decisions).
   */
  @Get()
  @ApiOkResponse({ description: 'A page of the proposals in that status', type: EscalationProposals })
  @RequirePermission('ReadReports')
  proposals(@Query() { status = 'pending', page = 1, pageSize = 50 }: EscalationProposalsQuery): Promise<EscalationProposals> {
    return listEscalationProposals(this.readStore, { status, page, pageSize });
  }
}
