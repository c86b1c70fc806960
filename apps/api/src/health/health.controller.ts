import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { Public } from '../auth/auth.decorators';

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up when the event store answers a read. */
  @Get()
  @Public()
  // The one operation without a key.
  @ApiOperation({ summary: 'Up when the event store answers a read', security: [] })
  async health() {
    await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    return { status: 'ok' };
  }
}
