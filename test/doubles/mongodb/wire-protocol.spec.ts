/**
 * The framing the driver does not let a test see: these talk to the double over a raw socket,
 * building messages by hand from the wire protocol's layout.
 */
import { BSON, Document, Long, UUID } from 'bson';
import * as net from 'node:net';
import { MongoWireDouble } from './index';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** A socket that sends hand-built messages and reads whole replies. */
class RawConnection {
  private buffered = Buffer.alloc(0);
  private waiting: ((message: Buffer) => void) | undefined;
  private nextRequestId = 1;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      if (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32LE(0) && this.waiting) {
        const length = this.buffered.readInt32LE(0);
        const message = this.buffered.subarray(0, length);
        this.buffered = this.buffered.subarray(length);
        this.waiting(message);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static async open(address: string): Promise<RawConnection> {
    const [host, port] = address.split(':');
    const socket = net.connect(Number(port), host);
    await new Promise((resolve) => socket.once('connect', resolve));
    return new RawConnection(socket);
  }

  async send(opCode: number, body: Buffer): Promise<{ requestId: number; reply: Buffer }> {
    const requestId = this.nextRequestId++;
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(requestId, 4);
    header.writeInt32LE(0, 8);
    header.writeInt32LE(opCode, 12);
    const reply = new Promise<Buffer>((resolve) => (this.waiting = resolve));
    this.socket.write(Buffer.concat([header, body]));
    return { requestId, reply: await reply };
  }

  /** OP_MSG with a body section and optional document sequences. */
  async command(body: Document, sequences: Record<string, Document[]> = {}): Promise<Document> {
    const sections = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
    for (const [identifier, documents] of Object.entries(sequences)) {
      const payload = Buffer.concat([
        Buffer.from(`${identifier}\0`),
        ...documents.map((document) => Buffer.from(BSON.serialize(document))),
      ]);
      const size = Buffer.alloc(4);
      size.writeInt32LE(4 + payload.length);
      sections.push(Buffer.from([1]), size, payload);
    }
    const { reply } = await this.send(OP_MSG, Buffer.concat([Buffer.alloc(4), ...sections]));
    expect(reply.readInt32LE(12)).toBe(OP_MSG);
    expect(reply.readUInt8(20)).toBe(0); // one body section
    return BSON.deserialize(reply.subarray(21));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('MongoDB wire-protocol double: framing', () => {
  let mongo: MongoWireDouble;
  let connection: RawConnection;

  beforeEach(async () => {
    mongo = await MongoWireDouble.start();
    connection = await RawConnection.open(mongo.address);
  });

  afterEach(async () => {
    connection.close();
    await mongo.stop();
  });

  it('answers the legacy isMaster over OP_QUERY, which drivers send first, with an OP_REPLY', async () => {
    const namespace = Buffer.from('admin.$cmd\0');
    const skipAndReturn = Buffer.alloc(8);
    skipAndReturn.writeInt32LE(-1, 4);
    const query = Buffer.from(BSON.serialize({ isMaster: 1, helloOk: true }));

    const { requestId, reply } = await connection.send(OP_QUERY, Buffer.concat([Buffer.alloc(4), namespace, skipAndReturn, query]));

    expect(reply.readInt32LE(8)).toBe(requestId); // responseTo
    expect(reply.readInt32LE(12)).toBe(OP_REPLY);
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    expect(BSON.deserialize(reply.subarray(36))).toMatchObject({ ok: 1, ismaster: true, helloOk: true, setName: 'rs0' });
  });

  it('reads OP_MSG document sequences as the array field they name', async () => {
    const reply = await connection.command({ insert: 'items', $db: 'app' }, { documents: [{ _id: 1 }, { _id: 2 }] });

    expect(reply).toEqual({ n: 2, ok: 1 });
    const found = await connection.command({ find: 'items', filter: {}, $db: 'app' });
    expect(found.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it('answers a retried retryable write (same lsid and txnNumber) without writing again', async () => {
    const lsid = { id: new UUID() };
    const insert = { insert: 'items', documents: [{ name: 'once' }], lsid, txnNumber: Long.fromNumber(1), $db: 'app' };

    const first = await connection.command(insert);
    const retry = await connection.command(insert);
    const next = await connection.command({ ...insert, txnNumber: Long.fromNumber(2) });

    expect(first).toEqual({ n: 1, ok: 1 });
    expect(retry).toEqual(first);
    expect(next).toEqual({ n: 1, ok: 1 });
    const count = await connection.command({ count: 'items', query: { name: 'once' }, $db: 'app' });
    expect(count.n).toBe(2);
  });

  it('closes a connection that sends an impossible message length', async () => {
    const bytes = Buffer.alloc(16);
    bytes.writeInt32LE(3, 0);

    connection.writeRaw(bytes);

    await connection.closed;
  });
});
