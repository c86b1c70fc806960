import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { METRICS_REGISTRY } from '@collections/metrics';
import { Registry } from 'prom-client';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';

/** Prometheus's text exposition format, version 0.0.4, as prom-client writes it. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The process's metrics for Prometheus, on the api's own port, with a monitoring key. */
@ApiTags('Operations')
@ApiBearerAuth()
@ProblemResponses(401, 403)
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  /** The process's metrics in Prometheus's text format (docs/operations.md#metrics). */
  @Get()
  @RequirePermission('ReadMetrics')
  @ApiOperation({
    summary: "The process's metrics in Prometheus's text format",
    description: 'Prometheus text exposition format 0.0.4, for a monitoring key (Prometheus sends it with its `authorization` setting)',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Every metric of this process', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
