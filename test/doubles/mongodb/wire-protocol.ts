/**
 * Framing of the MongoDB wire protocol: the standard header, OP_MSG both ways, and the legacy
 * OP_QUERY / OP_REPLY pair that drivers still use for the first `isMaster` of a connection (before
 * they know the server speaks OP_MSG). All integers are little-endian.
 */
import { decodeDocument, Document, encodeDocument, isDocument } from './bson-values';

export const OpCode = { REPLY: 1, QUERY: 2004, COMPRESSED: 2012, MSG: 2013 } as const;

const HEADER_BYTES = 16;
/** The server's maxMessageSizeBytes, which `hello` also announces. */
export const MAX_MESSAGE_BYTES = 48_000_000;

/** OP_MSG flag bits. Bits 0-15 are "required": a receiver must refuse ones it does not know. */
const MsgFlag = { CHECKSUM_PRESENT: 1 << 0, MORE_TO_COME: 1 << 1, EXHAUST_ALLOWED: 1 << 16 } as const;
const KNOWN_REQUIRED_FLAGS = MsgFlag.CHECKSUM_PRESENT | MsgFlag.MORE_TO_COME;

const SectionKind = { BODY: 0, DOCUMENT_SEQUENCE: 1 } as const;

/** A client request decoded to the command it carries, whatever the opcode. */
export interface CommandRequest {
  readonly requestId: number;
  readonly opCode: typeof OpCode.MSG | typeof OpCode.QUERY;
  readonly database: string;
  /** The command document, with OP_MSG document sequences folded in as array fields. */
  readonly command: Document;
  /** The client expects no reply (OP_MSG moreToCome, e.g. an unacknowledged write). */
  readonly moreToCome: boolean;
}

/** The bytes break the protocol: the connection cannot be trusted any more and is closed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Cuts a TCP byte stream into whole messages, each starting with its int32 length. */
export class MessageFramer {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) throw new ProtocolError(`Invalid message length ${length}`);
      if (this.buffered.length < length) break;
      messages.push(this.buffered.subarray(0, length));
      this.buffered = this.buffered.subarray(length);
    }
    return messages;
  }
}

export function decodeRequest(message: Buffer): CommandRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  switch (opCode) {
    case OpCode.MSG:
      return decodeOpMsg(message, requestId);
    case OpCode.QUERY:
      return decodeOpQuery(message, requestId);
    default:
      // OP_COMPRESSED never arrives: the double announces no compressors in its handshake.
      throw new ProtocolError(`Unsupported opcode ${opCode}`);
  }
}

/** OP_MSG: flagBits, then a body section (kind 0) and any document sequences (kind 1). */
function decodeOpMsg(message: Buffer, requestId: number): CommandRequest {
  const flags = message.readUInt32LE(HEADER_BYTES);
  if ((flags & 0xffff & ~KNOWN_REQUIRED_FLAGS) !== 0) throw new ProtocolError(`Unknown required OP_MSG flags ${flags}`);
  const end = flags & MsgFlag.CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let body: Document | undefined;
  const sequences: [identifier: string, documents: Document[]][] = [];
  let offset = HEADER_BYTES + 4;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === SectionKind.BODY) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section');
      const size = message.readInt32LE(offset);
      body = decodeDocument(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === SectionKind.DOCUMENT_SEQUENCE) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      for (let position = nameEnd + 1; position < sectionEnd;) {
        const documentSize = message.readInt32LE(position);
        documents.push(decodeDocument(message.subarray(position, position + documentSize)));
        position += documentSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`Unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  // A sequence stands for the top-level array field of the same name.
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  const database = body.$db;
  if (typeof database !== 'string') throw new ProtocolError('OP_MSG body without $db');
  return { requestId, opCode: OpCode.MSG, database, command: body, moreToCome: (flags & MsgFlag.MORE_TO_COME) !== 0 };
}

/** OP_QUERY: flags, fullCollectionName, numberToSkip, numberToReturn, query[, returnFieldsSelector]. */
function decodeOpQuery(message: Buffer, requestId: number): CommandRequest {
  const nameStart = HEADER_BYTES + 4;
  const nameEnd = message.indexOf(0, nameStart);
  const namespace = message.toString('utf8', nameStart, nameEnd);
  if (!namespace.endsWith('.$cmd')) throw new ProtocolError(`Legacy queries are not supported (namespace ${namespace})`);
  const queryStart = nameEnd + 1 + 8;
  const query = decodeDocument(message.subarray(queryStart, queryStart + message.readInt32LE(queryStart)));
  // A command sent through mongos-style wrapping: { $query: { ... }, $readPreference: ... }.
  const command = isDocument(query.$query) ? query.$query : query;
  return { requestId, opCode: OpCode.QUERY, database: namespace.slice(0, -'.$cmd'.length), command, moreToCome: false };
}

let lastRequestId = 0;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  lastRequestId = (lastRequestId + 1) & 0x7fffffff;
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(lastRequestId, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** The reply in the framing the request came in: OP_MSG for OP_MSG, OP_REPLY for OP_QUERY. */
export function encodeReply(request: CommandRequest, reply: Document): Buffer {
  const document = encodeDocument(reply);
  if (request.opCode === OpCode.MSG) {
    const flagsAndKind = Buffer.alloc(5); // flagBits 0, section kind 0
    const length = HEADER_BYTES + flagsAndKind.length + document.length;
    return Buffer.concat([header(length, request.requestId, OpCode.MSG), flagsAndKind, document]);
  }
  // responseFlags int32, cursorID int64, startingFrom int32, numberReturned int32 = 1
  const replyFields = Buffer.alloc(20);
  replyFields.writeInt32LE(1, 16);
  const length = HEADER_BYTES + replyFields.length + document.length;
  return Buffer.concat([header(length, request.requestId, OpCode.REPLY), replyFields, document]);
}
