import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { BusinessDate, Clock, daysBetween } from '@collections/domain';
import { CollectionPolicies, PolicyError, validateCollectionPolicy } from '@collections/policy';
import { Actor } from '@collections/accounts';
import { CLOCK } from '@collections/platform';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { ConflictError, NotFoundError, RequestValidationError } from '../problems/problem-details';
import { ProblemResponses } from '../problems/problem-responses';
import { requireKnownOverrides } from './known-overrides';
import { ReplacementBody } from './replacement-body.decorator';
import { WHAT_IF_MAX_DAYS, WhatIfBody, WhatIfPath } from './what-if-requests';
import { WhatIfRunView } from './what-if-responses';
import { WhatIfAlreadyRunningError, WhatIfRun, WhatIfRuns } from './what-if-runs';

const viewOf = (run: WhatIfRun): WhatIfRunView => ({ ...run, progress: { ...run.progress } });

/**
 * Policy what-if, for managers: the recorded history of a period replayed under a proposed
 * policy, beside what the policy in force did (docs/policy-engine.md#what-if). A run takes
 * minutes on a large book, so it is started (202) and then followed; nothing is recorded.
 */
@ApiTags('Collection policy')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('policies/what-if')
export class WhatIfController {
  constructor(
    private readonly runs: WhatIfRuns,
    private readonly policies: CollectionPolicies,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Start a what-if: the proposed policy replayed over a period of the recorded history. */
  @Post()
  @HttpCode(202)
  @RequirePermission('RunPolicyWhatIf')
  @ApiBody({ type: WhatIfBody })
  @ApiAcceptedResponse({
    description: 'Started: follow it at the Location (one runs at a time per api)',
    type: WhatIfRunView,
    headers: { Location: { description: 'The run: /policies/what-if/<id>', schema: { type: 'string' } } },
  })
  @ProblemResponses(409, 413, 415, 422)
  async start(
    @ReplacementBody(WhatIfBody) body: WhatIfBody,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WhatIfRunView> {
    const from = body.from as BusinessDate;
    const to = body.to as BusinessDate;
    const today = this.clock.today();
    if (to < from) throw new RequestValidationError([{ pointer: '/to', detail: `must not be before from (${from})` }]);
    if (daysBetween(from, to) + 1 > WHAT_IF_MAX_DAYS) {
      throw new RequestValidationError([{ pointer: '/to', detail: `must be at most ${WHAT_IF_MAX_DAYS} days from from (${from})` }]);
    }
    if (to > today)
      throw new RequestValidationError([{ pointer: '/to', detail: `must not be after today (${today}): only recorded days replay` }]);
    const validation = validateCollectionPolicy(body.policy);
    if (!validation.valid) {
      const list = validation.problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ');
      throw new PolicyError('policy-invalid', `The policy document is invalid: ${list}`, validation.problems);
    }
    await requireKnownOverrides(validation.policy, this.policies);
    let run: WhatIfRun;
    try {
      run = this.runs.start(validation.policy, from, to, actor.id);
    } catch (error) {
      if (error instanceof WhatIfAlreadyRunningError) throw new ConflictError('what-if-running', error.message);
      throw error;
    }
    reply.header('Location', `/policies/what-if/${run.id}`);
    return viewOf(run);
  }

  /** A what-if's progress and, once done, the comparison of the proposed policy with the one in force. */
  @Get(':id')
  @RequirePermission('RunPolicyWhatIf')
  @ApiOkResponse({ description: 'The run: its progress, then its report (or why it failed)', type: WhatIfRunView })
  run(@Param() { id }: WhatIfPath): WhatIfRunView {
    const run = this.runs.get(id);
    if (run === undefined) throw new NotFoundError(`No what-if ${id} in this api (runs are kept in memory, the last 20)`);
    return viewOf(run);
  }
}
