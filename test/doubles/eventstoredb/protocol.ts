/**
 * The edge between the double and the wire. The protobuf and gRPC modules are the ones generated
 * inside @eventstore/db-client, required through the package so they resolve to the very files
 * the client loads: grpc-js serializers check `instanceof` against these classes, and a second
 * copy would reject every message.
 */
import { Metadata, status as GrpcStatus, type StatusObject } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedRevision } from './commit-check';
import type { ProposedEvent, StoredEvent } from './event-log';

export { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
export { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
export { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
export { shared, streams };

/** How the client asked for event ids to be encoded on reads. */
export type UuidFormat = 'string' | 'structured';

/** What EventStoreDB requires of every proposed message. */
const REQUIRED_METADATA = ['type', 'content-type'];

/** .NET ticks (100 ns) per millisecond: the server sends `created` as ticks since the Unix epoch. */
const TICKS_PER_MILLISECOND = 10_000n;

export function streamName(identifier: shared.StreamIdentifier | undefined): string | undefined {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : undefined;
}

export function streamIdentifier(name: string): shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** A proposed message of either append RPC, or the reason it cannot be stored. */
export function toProposedEvent(
  message: streams.AppendReq.ProposedMessage | streams.BatchAppendReq.ProposedMessage,
): ProposedEvent | { missing: string[] } {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) {
    return { missing: REQUIRED_METADATA.filter((key) => metadata.get(key) === undefined) };
  }
  return {
    id: uuidToString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/** The client's expected revision: uint64 revisions arrive as decimal strings. */
export function toExpectedRevision(
  options: { hasNoStream(): boolean; hasAny(): boolean; hasStreamExists(): boolean },
  exactRevision: string | undefined,
): ExpectedRevision | undefined {
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasAny()) return 'any';
  if (options.hasStreamExists()) return 'stream_exists';
  return exactRevision === undefined ? undefined : Number(exactRevision);
}

export function toReadEvent(event: StoredEvent, uuidFormat: UuidFormat): streams.ReadResp {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, uuidFormat))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.position))
    .setPreparePosition(String(event.position))
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', String(BigInt(event.created.getTime()) * TICKS_PER_MILLISECOND));
  const readEvent = new streams.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(event.position));
  return new streams.ReadResp().setEvent(readEvent);
}

/**
 * A wrong expected version in the shape both append paths share (shared.proto): the stream's
 * current revision, or "no stream", and what the writer expected.
 */
function wrongExpectedVersionDetails(expected: ExpectedRevision, currentRevision: number | undefined): shared.WrongExpectedVersion {
  const details = new shared.WrongExpectedVersion();
  if (currentRevision === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(String(currentRevision));
  if (expected === 'any') details.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'no_stream') details.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new ProtobufEmpty());
  else details.setExpectedStreamPosition(String(expected));
  return details;
}

/** Streams.Append reports a wrong expected version as a field of its response, not as an error. */
export function appendWrongExpectedVersion(expected: ExpectedRevision, currentRevision: number | undefined): streams.AppendResp {
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (currentRevision === undefined) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(String(currentRevision));
  if (expected === 'any') wrong.setExpectedAny(new shared.Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedRevision(String(expected));
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
}

export function appendSuccess(lastRevision: number | undefined, position: number | undefined): streams.AppendResp {
  const success = new streams.AppendResp.Success();
  if (lastRevision === undefined) success.setNoStream(new shared.Empty());
  else success.setCurrentRevision(String(lastRevision));
  if (position === undefined) success.setNoPosition(new shared.Empty());
  else success.setPosition(new streams.AppendResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position)));
  return new streams.AppendResp().setSuccess(success);
}

export function batchAppendSuccess(lastRevision: number | undefined, position: number | undefined): streams.BatchAppendResp.Success {
  const success = new streams.BatchAppendResp.Success();
  if (lastRevision === undefined) success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(String(lastRevision));
  if (position === undefined) success.setNoPosition(new ProtobufEmpty());
  else success.setPosition(new shared.AllStreamPosition().setCommitPosition(String(position)).setPreparePosition(String(position)));
  return success;
}

/** BatchAppend reports failures as a google.rpc.Status whose details pack the typed reason. */
function rpcStatus(code: Code, message: string, details: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const packed = new Any();
  packed.pack(details.serializeBinary(), typeName);
  return new Status().setCode(code).setMessage(message).setDetails(packed);
}

export function wrongExpectedVersionStatus(expected: ExpectedRevision, currentRevision: number | undefined): Status {
  return rpcStatus(
    Code.ALREADY_EXISTS,
    'WrongExpectedVersion',
    wrongExpectedVersionDetails(expected, currentRevision),
    'event_store.client.WrongExpectedVersion',
  );
}

export function badRequestStatus(message: string): Status {
  return rpcStatus(Code.INVALID_ARGUMENT, 'BadRequest', new shared.BadRequest().setMessage(message), 'event_store.client.BadRequest');
}

/**
 * A gRPC error the way EventStoreDB raises it: the client maps the `exception` trailer to its
 * typed errors (see convertToCommandError in the client).
 */
export function eventStoreError(code: GrpcStatus, details: string, trailers: Record<string, string> = {}): Partial<StatusObject> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

/** An event or correlation id, sent as a string or as two 64-bit halves. */
export function uuidToString(uuid: shared.UUID | undefined): string {
  const structured = uuid?.getStructured();
  if (!structured) return uuid?.getString().toLowerCase() ?? '';
  const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
    .map((bits) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uuidMessage(id: string, format: UuidFormat): shared.UUID {
  if (format === 'string') return new shared.UUID().setString(id);
  const hex = id.replace(/-/g, '');
  // The halves travel as signed 64-bit integers.
  const half = (digits: string) => BigInt.asIntN(64, BigInt(`0x${digits}`)).toString();
  return new shared.UUID().setStructured(
    new shared.UUID.Structured().setMostSignificantBits(half(hex.slice(0, 16))).setLeastSignificantBits(half(hex.slice(16))),
  );
}
