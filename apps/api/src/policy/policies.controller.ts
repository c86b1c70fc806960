import { Controller, Get, HttpCode, Inject, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Clock } from '@collections/domain';
import { CollectionPolicies, RecordedPolicyVersion, validateCollectionPolicy } from '@collections/policy';
import { CommandBus } from '@nestjs/cqrs';
import { ReplacePolicy } from '@collections/policy-engine';
import { FastifyReply } from 'fastify';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { Actor } from '@collections/accounts';
import { CLOCK } from '@collections/platform';
import { NotFoundError } from '../problems/problem-details';
import { requireKnownOverrides } from './known-overrides';
import { PolicyPath, PolicyQuery, PolicyVersionPath, ReplacePolicyBody } from './policy-requests';
import { ReplacementBody } from './replacement-body.decorator';
import { ProblemResponses } from '../problems/problem-responses';
import { PolicyInForce, PolicyVersion, PolicyVersionHistory, PolicyVersionRecord, PolicyVersionSummary } from './policy-responses';

/** A version without its document: what the list of versions shows. */
const summaryOf = ({ policy, replacedOn, reason, actor, recordedAt }: RecordedPolicyVersion): PolicyVersionSummary => ({
  version: policy.version,
  replacedOn,
  ...(reason === undefined ? {} : { reason }),
  actor: { id: actor.id, role: actor.role },
  recordedAt,
});

const recordOf = (version: RecordedPolicyVersion): PolicyVersionRecord => ({ ...summaryOf(version), policy: version.policy });

/**
 * The collection policy, as managers read and replace it. Every replacement is an event in the
 * policy's own stream, so the versions listed are the ones recorded, with who replaced each,
 * when and why; nothing here changes or removes a recorded version.
 */
@ApiTags('Collection policy')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('policies/:name')
export class PoliciesController {
  constructor(
    private readonly policies: CollectionPolicies,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The collection policy in force, or its whole history. */
  @Get()
  @RequirePermission('ReadPolicy')
  @ApiExtraModels(PolicyInForce, PolicyVersionHistory)
  @ApiOkResponse({
    description: 'With `asOf`, the version in force that day; without, the version in force now and every version recorded',
    schema: { oneOf: [{ $ref: getSchemaPath(PolicyInForce) }, { $ref: getSchemaPath(PolicyVersionHistory) }] },
  })
  async policy(@Param() { name }: PolicyPath, @Query() { asOf }: PolicyQuery): Promise<PolicyInForce | PolicyVersionHistory> {
    if (asOf !== undefined) {
      const policy = await this.policies.inForceOn(name, asOf);
      if (policy === undefined) throw neverRecorded(name);
      return { name, asOf, version: policy.version, policy };
    }
    const { versions } = await this.policies.history(name);
    const current = versions.at(-1);
    if (current === undefined) throw neverRecorded(name);
    return { name, current: recordOf(current), versions: versions.map(summaryOf) };
  }

  /** One version of the collection policy. */
  @Get('versions/:version')
  @ApiOkResponse({ description: 'The version, with who replaced it, when and why', type: PolicyVersion })
  @RequirePermission('ReadPolicy')
  async version(@Param() { name, version }: PolicyVersionPath): Promise<PolicyVersion> {
    const { versions } = await this.policies.history(name);
    if (versions.length === 0) throw neverRecorded(name);
    const found = versions.find((recorded) => recorded.policy.version === version);
    if (found === undefined) throw new NotFoundError(`Policy "${name}" has no version ${version}`);
    return { name, ...recordOf(found) };
  }

  /** Replace the collection policy with a new version. */
  @Put()
  @HttpCode(201)
  @RequirePermission('ReplaceCollectionPolicy')
  @ApiBody({ type: ReplacePolicyBody })
  @ApiResponse({
    status: 201,
    description: 'Recorded: the new version, with who replaced it and when',
    type: PolicyVersion,
    headers: { Location: { description: 'The version recorded: /policies/<name>/versions/<version>', schema: { type: 'string' } } },
  })
  @ProblemResponses(409, 413, 415, 422)
  async replace(
    @Param() { name }: PolicyPath,
    @ReplacementBody() body: ReplacePolicyBody,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PolicyVersion> {
    const validation = validateCollectionPolicy(body.policy);
    // An invalid document or another policy's name: the decider refuses it below, naming every problem.
    if (validation.valid && validation.policy.name === name) await requireKnownOverrides(validation.policy, this.policies);
    const data = {
      document: body.policy,
      replacedOn: body.replacedOn ?? this.clock.today(),
      ...(body.reason === undefined ? {} : { reason: body.reason }),
    };
    const recorded = await this.commands.execute(new ReplacePolicy(name, { type: 'ReplaceCollectionPolicy', data }, actor));
    reply.header('Location', `/policies/${name}/versions/${recorded.policy.version}`);
    return { name, ...recordOf(recorded) };
  }
}

const neverRecorded = (name: string) => new NotFoundError(`Policy "${name}" has never been recorded`);
