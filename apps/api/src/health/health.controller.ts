import { Controller, Get, Inject } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { Public } from '../auth/auth.decorators';
import { ProblemResponse } from '../problems/problem-responses';
import { HealthStatus, ReadinessChecks, ReadinessStatus } from './health-responses';
import { Readiness } from './readiness';

/** A store that answered this recently is taken as up: a flood of probes costs one read a second. */
const FRESH_FOR_MS = 1_000;

/** The probes: open without a key (PUBLIC_ROUTES) and never rate limited. */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  /** When the store last answered (a monotonic time, not a date). */
  private answeredAt = -Infinity;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
  ) {}

  /** Up when the event store answers a read (an answer of the last second counts). */
  @Get()
  @Public()
  // The operations without a key.
  @ApiOperation({ summary: 'Up when the event store answers a read', security: [] })
  @ApiOkResponse({ description: 'Up', type: HealthStatus })
  async health(): Promise<HealthStatus> {
    if (performance.now() - this.answeredAt > FRESH_FOR_MS) {
      await this.store.readAll({ direction: 'backwards', maxCount: 1 });
      this.answeredAt = performance.now();
    }
    return { status: 'ok' };
  }

  /** Liveness: the process serves HTTP. It reads nothing, so a slow store never gets the process restarted. */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Up while the process serves HTTP (liveness)', security: [] })
  @ApiOkResponse({ description: 'The process serves', type: HealthStatus })
  live(): HealthStatus {
    return { status: 'ok' };
  }

  /**
   * Readiness: the event store and the read store answer, and the read models are at this api's
   * version and at most READY_MAX_LAG_EVENTS behind the store; otherwise 503, naming what is not.
   */
  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Ready when both stores answer and the read models keep up (readiness)', security: [] })
  @ApiOkResponse({ description: 'Ready: every check is up', type: ReadinessStatus })
  @ProblemResponse(503, 'Not ready: `detail` and `checks` name what is not')
  async ready(): Promise<ReadinessStatus> {
    return { status: 'ok', checks: (await this.readiness.check()) as unknown as ReadinessChecks };
  }
}
