import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { Public } from '../auth/auth.decorators';

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up when the event store answers a read. */
  @Get()
  @Public()
  async health() {
    await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    return { status: 'ok' };
  }
}
