import { Inject, UseInterceptors, applyDecorators } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { BusinessDate, Clock, CollectionCommand } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { CORRELATION_ID, CommandOutcomeInterceptor, IDEMPOTENCY_KEY } from './command-origin.decorator';
import { CommandRecorded } from './command-responses';
import { ProblemResponses } from '../problems/problem-responses';
import { InvalidCommandInterceptor } from '../metrics/invalid-command.interceptor';
import { CommandOrigin, ExecuteAccountCommand } from '@collections/accounts';

/** What every command endpoint says about itself in the OpenAPI document. */
export const CommandEndpoints = () =>
  applyDecorators(
    ApiBearerAuth(),
    UseInterceptors(CommandOutcomeInterceptor, InvalidCommandInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Replaying the same key and body returns the first result and appends nothing',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: "Recorded as the events' correlation id, tying them to the caller's own request; the command's id otherwise",
      schema: { type: 'string', pattern: CORRELATION_ID.source },
    }),
    ApiResponse({ status: 201, description: 'Recorded', type: CommandRecorded }),
    ApiResponse({ status: 200, description: 'Idempotent replay: the first result, nothing appended', type: CommandRecorded }),
    ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422),
  );

/**
 * A command whose body has only optional fields: the body may be left out, as validation takes
 * no body for an empty one.
 */
export const OptionalBody = (type: new () => object) => ApiBody({ type, required: false });

/** The command controllers' shared half: dispatch to the write side, and today's date. */
export abstract class AccountCommandController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  protected execute(customerId: string, command: CollectionCommand, origin: CommandOrigin): Promise<CommandRecorded> {
    return this.commands.execute(new ExecuteAccountCommand(customerId, command, origin));
  }

  /** The date the client gave, or today by the service's clock. */
  protected dateOr(date: BusinessDate | undefined): BusinessDate {
    return date ?? this.clock.today();
  }
}
