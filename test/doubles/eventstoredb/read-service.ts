import { status as GrpcStatus, type handleServerStreamingCall } from '@grpc/grpc-js';
import { checkpointInterval, everyEvent, toEventSelector, type EventSelector } from './event-filter';
import type { EventLog, LogPosition, StoredEvent } from './event-log';
import { send } from './flow-control';
import { eventStoreError, streamIdentifier, streamName, streams, toReadEvent, type UuidFormat } from './protocol';
import type { ReadCall, SubscriptionPlan, SubscriptionRegistry } from './subscription';

type Options = streams.ReadReq.Options;

/** Where a read starts in a stream: a 0-based revision, or a keyword. */
type RevisionStart = number | 'start' | 'end';
/** Where a read starts in $all. */
type PositionStart = LogPosition | 'start' | 'end';

/** A Streams.Read request, decoded: a read or a subscription, of one stream or of $all. */
type ReadRequest =
  | { kind: 'read-stream'; streamId: string; from: RevisionStart; backwards: boolean; maxCount: number }
  | { kind: 'read-all'; from: PositionStart; backwards: boolean; maxCount: number; selects: EventSelector }
  | { kind: 'subscribe-stream'; streamId: string; from: RevisionStart }
  | { kind: 'subscribe-all'; from: PositionStart; selects: EventSelector; checkpointInterval: number | undefined };

/** Streams.Read: stream and $all reads, and catch-up subscriptions (a read with subscription options). */
export function createReadHandler(
  log: EventLog,
  subscriptions: SubscriptionRegistry,
): handleServerStreamingCall<streams.ReadReq, streams.ReadResp> {
  return (call) => {
    const options = call.request.getOptions();
    const request = options && decode(options);
    if (!options || !request) {
      call.emit('error', eventStoreError(GrpcStatus.INVALID_ARGUMENT, 'Read needs a stream or $all and a count or subscription'));
      return;
    }
    const uuidFormat: UuidFormat = options.getUuidOption()?.hasStructured() ? 'structured' : 'string';
    switch (request.kind) {
      case 'read-stream': {
        const events = readStream(log, request);
        if (events) void respondWithEvents(call, events, uuidFormat);
        else respondStreamNotFound(call, request.streamId);
        return;
      }
      case 'read-all':
        void respondWithEvents(call, readAll(log, request), uuidFormat);
        return;
      case 'subscribe-stream':
        subscriptions.start(call, { ...streamSubscriptionStart(log, request.streamId, request.from), uuidFormat });
        return;
      case 'subscribe-all':
        subscriptions.start(call, {
          startIndex: allSubscriptionStart(log, request.from),
          selects: request.selects,
          checkpointInterval: request.checkpointInterval,
          uuidFormat,
        });
        return;
    }
  };
}

function decode(options: Options): ReadRequest | undefined {
  const subscribes = options.hasSubscription();
  const backwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS;
  const maxCount = Number(options.getCount());
  const stream = options.getStream();
  if (stream) {
    const streamId = streamName(stream.getStreamIdentifier());
    if (streamId === undefined) return undefined;
    const from: RevisionStart = stream.hasRevision() ? Number(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
    return subscribes ? { kind: 'subscribe-stream', streamId, from } : { kind: 'read-stream', streamId, from, backwards, maxCount };
  }
  const all = options.getAll();
  if (!all) return undefined;
  const position = all.getPosition();
  const from: PositionStart = position
    ? { commit: Number(position.getCommitPosition()), prepare: Number(position.getPreparePosition()) }
    : all.hasEnd()
      ? 'end'
      : 'start';
  const filter = options.getFilter();
  const selects = filter ? toEventSelector(filter) : everyEvent;
  return subscribes
    ? { kind: 'subscribe-all', from, selects, checkpointInterval: filter && checkpointInterval(filter) }
    : { kind: 'read-all', from, backwards, maxCount, selects };
}

/**
 * A stream read from an inclusive revision; `start` is revision 0 either way, `end` the last
 * event backwards and nothing forwards. Undefined for a stream without events: "not found".
 */
function readStream(
  log: EventLog,
  { streamId, from, backwards, maxCount }: Extract<ReadRequest, { kind: 'read-stream' }>,
): StoredEvent[] | undefined {
  const events = log.stream(streamId);
  if (events.length === 0) return undefined;
  const first = from === 'start' ? 0 : from === 'end' ? (backwards ? events.length - 1 : events.length) : from;
  if (!backwards) return events.slice(first, first + maxCount);
  const last = Math.min(first, events.length - 1);
  return events.slice(Math.max(0, last - maxCount + 1), last + 1).reverse();
}

/**
 * $all in log order. Forwards includes the event at the given position; backwards reads the
 * events that end at or before it (EventStoreDB reads backwards from a post-position).
 */
function readAll(log: EventLog, { from, backwards, maxCount, selects }: Extract<ReadRequest, { kind: 'read-all' }>): StoredEvent[] {
  const step = backwards ? -1 : 1;
  let index = backwards
    ? (from === 'end' ? log.length : from === 'start' ? 0 : log.countEndingBy(from)) - 1
    : from === 'start'
      ? 0
      : from === 'end'
        ? log.length
        : log.indexAtOrAfter(from);
  const events: StoredEvent[] = [];
  for (let event = log.eventAt(index); event && events.length < maxCount; index += step, event = log.eventAt(index)) {
    if (selects(event)) events.push(event);
  }
  return events;
}

async function respondWithEvents(call: ReadCall, events: StoredEvent[], uuidFormat: UuidFormat): Promise<void> {
  for (const event of events) {
    // The client cancels a read it has had enough of.
    if (call.cancelled) return;
    await send(call, toReadEvent(event, uuidFormat));
  }
  if (!call.cancelled) call.end();
}

function respondStreamNotFound(call: ReadCall, streamId: string): void {
  const notFound = new streams.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamId));
  call.write(new streams.ReadResp().setStreamNotFound(notFound));
  call.end();
}

/** A stream subscription delivers the events after the given revision (exclusive), live included. */
function streamSubscriptionStart(log: EventLog, streamId: string, from: RevisionStart): Pick<SubscriptionPlan, 'startIndex' | 'selects'> {
  const events = log.stream(streamId);
  const after = from === 'start' ? -1 : from === 'end' ? events.length - 1 : from;
  const selects: EventSelector = (event) => event.streamId === streamId && event.revision > after;
  const next: StoredEvent | undefined = events[after + 1];
  // Nothing after it yet: only events written from now on can qualify.
  const startIndex = next ? log.indexAtOrAfter({ commit: next.position, prepare: next.position }) : log.length;
  return { startIndex, selects };
}

/** An $all subscription delivers the events after the given position (exclusive). */
function allSubscriptionStart(log: EventLog, from: PositionStart): number {
  if (from === 'start') return 0;
  if (from === 'end') return log.length;
  return log.indexAfter(from);
}
