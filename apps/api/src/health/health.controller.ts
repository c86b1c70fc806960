import { Controller, Get, Inject } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { Public } from '../auth/auth.decorators';
import { HealthStatus } from './health-responses';

/** A store that answered this recently is taken as up: a flood of probes costs one read a second. */
const FRESH_FOR_MS = 1_000;

@ApiTags('Health')
@Controller('health')
export class HealthController {
  /** When the store last answered (a monotonic time, not a date). */
  private answeredAt = -Infinity;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up when the event store answers a read (an answer of the last second counts). */
  @Get()
  @Public()
  // The one operation without a key.
  @ApiOperation({ summary: 'Up when the event store answers a read', security: [] })
  @ApiOkResponse({ description: 'Up', type: HealthStatus })
  async health(): Promise<HealthStatus> {
    if (performance.now() - this.answeredAt > FRESH_FOR_MS) {
      await this.store.readAll({ direction: 'backwards', maxCount: 1 });
      this.answeredAt = performance.now();
    }
    return { status: 'ok' };
  }
}
