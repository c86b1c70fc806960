import { status as GrpcStatus, type handleBidiStreamingCall, type handleClientStreamingCall, type StatusObject } from '@grpc/grpc-js';
import type { ExpectedRevision } from './commit-check';
import type { EventLog, ProposedEvent } from './event-log';
import {
  appendSuccess,
  appendWrongExpectedVersion,
  badRequestStatus,
  batchAppendSuccess,
  eventStoreError,
  streamIdentifier,
  streamName,
  streams,
  toExpectedRevision,
  toProposedEvent,
  uuidToString,
  wrongExpectedVersionStatus,
} from './protocol';

/** Which stream an append targets and what it expects of it. */
interface AppendTarget {
  streamId: string;
  expected: ExpectedRevision;
}

/**
 * Streams.Append (client streaming): options, then one message per event, answered once the
 * client half-closes. A wrong expected version is a field of the response, not an error.
 */
export function createAppendHandler(log: EventLog): handleClientStreamingCall<streams.AppendReq, streams.AppendResp> {
  return (call, callback) => {
    let target: AppendTarget | undefined;
    const proposed: ProposedEvent[] = [];
    let answered = false;
    const fail = (error: Partial<StatusObject>) => {
      answered = true;
      callback(error);
    };

    call.on('data', (request: streams.AppendReq) => {
      if (answered) return;
      if (!target) {
        target = toAppendTarget(request.getOptions());
        if (!target) fail(eventStoreError(GrpcStatus.INVALID_ARGUMENT, 'An append starts with its options'));
        return;
      }
      const message = request.getProposedMessage();
      const event = message && toProposedEvent(message);
      if (!event) return fail(eventStoreError(GrpcStatus.INVALID_ARGUMENT, 'Only proposed messages may follow the options'));
      if ('missing' in event) return fail(missingMetadataError(event.missing));
      proposed.push(event);
    });

    call.on('end', () => {
      if (answered) return;
      if (!target) return fail(eventStoreError(GrpcStatus.INVALID_ARGUMENT, 'An append starts with its options'));
      answered = true;
      const outcome = log.append(target.streamId, target.expected, proposed);
      callback(
        null,
        outcome.kind === 'success'
          ? appendSuccess(outcome.lastRevision, outcome.position)
          : appendWrongExpectedVersion(target.expected, outcome.currentRevision),
      );
    });
  };
}

/**
 * Streams.BatchAppend (bidi, EventStoreDB 21.10+): one long-lived call carries many appends,
 * each a run of requests sharing a correlation id — options first, `is_final` last — and each
 * answered on the same call. Failures are a google.rpc.Status with the reason packed in its
 * details, a wrong expected version among them.
 */
export function createBatchAppendHandler(log: EventLog): handleBidiStreamingCall<streams.BatchAppendReq, streams.BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, AppendTarget & { events: ProposedEvent[] }>();

    call.on('data', (request: streams.BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      const key = uuidToString(correlationId);
      const reply = (streamId: string, fill: (response: streams.BatchAppendResp) => void) => {
        const response = new streams.BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(streamIdentifier(streamId));
        fill(response);
        call.write(response);
      };

      const options = request.getOptions();
      if (options) {
        const target = toBatchAppendTarget(options);
        if (!target) return reply('', (response) => response.setError(badRequestStatus('Options need a stream and an expected revision')));
        pending.set(key, { ...target, events: [] });
      }
      const append = pending.get(key);
      // Chunks of an append that was already answered (rejected) are dropped.
      if (!append) return;

      for (const message of request.getProposedMessagesList()) {
        const event = toProposedEvent(message);
        if ('missing' in event) {
          pending.delete(key);
          return reply(append.streamId, (response) =>
            response.setError(badRequestStatus(`Required metadata properties missing: ${event.missing.join(', ')}`)),
          );
        }
        append.events.push(event);
      }
      if (!request.getIsFinal()) return;

      pending.delete(key);
      const outcome = log.append(append.streamId, append.expected, append.events);
      reply(append.streamId, (response) => {
        if (outcome.kind === 'success') response.setSuccess(batchAppendSuccess(outcome.lastRevision, outcome.position));
        else response.setError(wrongExpectedVersionStatus(append.expected, outcome.currentRevision));
      });
    });

    // The client half-closes when it is done with the call.
    call.on('end', () => call.end());
  };
}

function toAppendTarget(options: streams.AppendReq.Options | undefined): AppendTarget | undefined {
  const streamId = streamName(options?.getStreamIdentifier());
  const expected = options && toExpectedRevision(options, options.hasRevision() ? options.getRevision() : undefined);
  return streamId === undefined || expected === undefined ? undefined : { streamId, expected };
}

function toBatchAppendTarget(options: streams.BatchAppendReq.Options): AppendTarget | undefined {
  const streamId = streamName(options.getStreamIdentifier());
  const expected = toExpectedRevision(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined);
  return streamId === undefined || expected === undefined ? undefined : { streamId, expected };
}

/** What EventStoreDB raises when a proposed message lacks `type` or `content-type`. */
function missingMetadataError(missing: string[]): Partial<StatusObject> {
  return eventStoreError(GrpcStatus.INVALID_ARGUMENT, `Required metadata properties missing: ${missing.join(', ')}`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': missing.join(','),
  });
}
