import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublishedSchema, publishedSchemas } from '@collections/contracts';
import { FastifyReply } from 'fastify';
import { AuthenticatedRequest, RequirePermission } from '../auth/auth.decorators';
import { RequestValidationError } from '../problems/problem-details';
import { FeedQuery, eventTypesOf, isPosition } from './feed-requests';
import { FeedService } from './feed.service';
import { ProblemResponses } from '../problems/problem-responses';
import { PublishedSchemaDocument, PublishedSchemasDocument } from './feed-responses';

const EXAMPLE_STREAM = [
  'id: 1042',
  'data: {"specversion":"1.0","id":"0b6c3b8e-…","source":"/collections","type":"io.collections.PromiseBroken.v1","subject":"ACME-1",' +
    '"time":"2024-03-12T09:30:00.120Z","datacontenttype":"application/json","dataschema":"urn:collections:schema:PromiseBroken:v1",' +
    '"globalposition":"1042","streamrevision":11,"correlationid":"…","causationid":"…",' +
    '"data":{"promiseId":"PR-1","brokenOn":"2024-03-12","amountPaid":30000,"shortfall":50000,"currency":"EUR"}}',
  '',
  ': heartbeat',
  '',
].join('\n');

/** Collection events for other services: the embedded mode's published feed. */
@ApiTags('Feed')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  /** Server-Sent Events of the published collection events (described for clients in @ApiOperation). */
  @Get()
  @RequirePermission('ReadFeed')
  @ApiOperation({
    summary: 'Collection events as Server-Sent Events, resumable',
    description:
      "Every event of the customers' accounts after a position as a CloudEvents 1.0 JSON envelope (`data:`), in global order, then new " +
      "events as they are recorded (unidentified cash, no customer's yet, is not published). Each SSE `id` is the global position: " +
      'reconnect with `Last-Event-ID` (or `?after=`) to resume right after the last event received. Comment lines are heartbeats. The ' +
      'server may end the stream with `event: feed-ended`, whose data gives the `reason` (caught-up, slow-consumer, shutdown, error) ' +
      'and the position to resume `after`. Schemas: `GET /feed/schemas`.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received; takes precedence over `after`' })
  @ApiOkResponse({
    description: 'A text/event-stream: endless, or until it has caught up with `live=false`',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: EXAMPLE_STREAM } },
  })
  stream(
    @Query() { after, types, customerId, live }: FeedQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res() reply: FastifyReply,
  ): void {
    if (lastEventId !== undefined && !isPosition(lastEventId)) {
      throw new RequestValidationError([
        { pointer: '/headers/last-event-id', detail: 'Last-Event-ID must be a position: the id of an event this feed sent' },
      ]);
    }
    // The stream is written to the socket directly, for as long as it lasts: Fastify lets go of it.
    reply.hijack();
    this.feed.open(
      { after: Number(lastEventId ?? after ?? 0), types: eventTypesOf(types), customerId, live: live !== 'false' },
      reply.raw,
      request.actor.id,
    );
  }

  /** The published JSON Schema (draft 2020-12) of every event type's `data`, by CloudEvents type. */
  @Get('schemas')
  @RequirePermission('ReadFeed')
  @ApiOperation({ summary: "The JSON Schema (draft 2020-12) of each event type's published data, keyed by CloudEvents type" })
  @ApiExtraModels(PublishedSchemaDocument)
  @ApiOkResponse({ description: 'Every published schema', type: PublishedSchemasDocument })
  schemas(): Record<string, PublishedSchema> {
    return publishedSchemas();
  }
}
