import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What GET /health and GET /health/live answer while they answer at all. */
export class HealthStatus {
  status!: 'ok';
}

/** One check of GET /health/ready. */
export class ReadinessCheck {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down' })
  message?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'eventStore: the position of the last collection event' })
  position?: number;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'projections: collection events the read models have not applied yet (counted up to maxLagEvents + 1)',
  })
  lagEvents?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'projections: READY_MAX_LAG_EVENTS' })
  maxLagEvents?: number;
}

/** Every check of GET /health/ready, by name. */
export class ReadinessChecks {
  @ApiProperty({ type: ReadinessCheck, description: 'The event store answers a read' })
  eventStore!: ReadinessCheck;
  @ApiProperty({ type: ReadinessCheck, description: 'The read store answers a read' })
  readStore!: ReadinessCheck;
  @ApiProperty({ type: ReadinessCheck, description: 'The read models are at this version and at most READY_MAX_LAG_EVENTS behind' })
  projections!: ReadinessCheck;
}

/** What GET /health/ready answers while the api is ready to serve. */
export class ReadinessStatus {
  status!: 'ok';
  @ApiProperty({ type: ReadinessChecks })
  checks!: ReadinessChecks;
}
