import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
} from '@eventstore/db-client';
import { anEvent, collect, DoubleAndClient, ids, rejectionOf, uniqueStream } from './support';

// Both append RPCs, driven by the real client: it takes BatchAppend when the server lists it
// in ServerFeatures (every server since 21.10), and falls back to Append otherwise.
describe.each([
  { rpc: 'batchAppend', other: 'append', batchAppend: true },
  { rpc: 'append', other: 'batchAppend', batchAppend: false },
])('EventStoreDB double: appending through Streams.$rpc', ({ rpc, other, batchAppend }) => {
  const fixture = new DoubleAndClient({ batchAppend, statsEvery: 0 });
  const readStream = (stream: string) => collect(fixture.client.readStream(stream));

  // First in the block, so the counts start from a fresh double.
  it('is the RPC the client uses, after asking ServerFeatures once', async () => {
    await fixture.client.appendToStream(uniqueStream('path'), [anEvent()]);
    await fixture.client.appendToStream(uniqueStream('path'), [anEvent()]);
    expect(fixture.double.callCount('getSupportedMethods')).toBe(1);
    // One long-lived BatchAppend call carries every append; Append is one call per append.
    expect(fixture.double.callCount(rpc)).toBe(batchAppend ? 1 : 2);
    expect(fixture.double.callCount(other)).toBe(0);
  });

  it('numbers revisions from 0 and answers with the last revision and its position', async () => {
    const stream = uniqueStream('numbered');
    const first = [anEvent('Opened'), anEvent(), anEvent()];
    const created = await fixture.client.appendToStream(stream, first, { expectedRevision: NO_STREAM });
    const appended = await fixture.client.appendToStream(stream, [anEvent(), anEvent('Closed')], { expectedRevision: 2n });

    expect(created).toMatchObject({ success: true, nextExpectedRevision: 2n });
    expect(appended).toMatchObject({ success: true, nextExpectedRevision: 4n });
    const read = await readStream(stream);
    expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(ids(read.slice(0, 3))).toEqual(ids(first));
    expect(created.position).toEqual(read[2].position);
    expect(appended.position).toEqual(read[4].position);
  });

  it("appends with 'any' whether or not the stream exists", async () => {
    const stream = uniqueStream('any');
    expect((await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: ANY })).nextExpectedRevision).toBe(0n);
    expect((await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: ANY })).nextExpectedRevision).toBe(1n);
  });

  it("refuses 'no_stream' on an existing stream, naming its revision, and writes nothing", async () => {
    const stream = uniqueStream('exists-already');
    await fixture.client.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: NO_STREAM });
    const error = await rejectionOf(fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: NO_STREAM, actualVersion: 1n });
    expect(await readStream(stream)).toHaveLength(2);
  });

  it("refuses 'stream_exists' on a stream with neither events nor metadata", async () => {
    const stream = uniqueStream('missing');
    const error = await rejectionOf(fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: STREAM_EXISTS }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: STREAM_EXISTS, actualVersion: NO_STREAM });

    // Stream metadata ($$stream) is enough for the stream to "exist" (IndexWriter.CheckCommit).
    await fixture.client.setStreamMetadata(stream, { maxCount: 10 });
    const appended = await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: STREAM_EXISTS });
    expect(appended.nextExpectedRevision).toBe(0n);
  });

  it('refuses an exact revision other than that of the last event, naming both', async () => {
    const stream = uniqueStream('exact');
    await fixture.client.appendToStream(stream, [anEvent(), anEvent(), anEvent()], { expectedRevision: NO_STREAM });
    for (const expectedRevision of [0n, 1n, 5n]) {
      const error = await rejectionOf(fixture.client.appendToStream(stream, [anEvent()], { expectedRevision }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: stream, expectedVersion: expectedRevision, actualVersion: 2n });
    }
    const missing = uniqueStream('exact-missing');
    const error = await rejectionOf(fixture.client.appendToStream(missing, [anEvent()], { expectedRevision: 0n }));
    expect(error).toMatchObject({ expectedVersion: 0n, actualVersion: NO_STREAM });
    expect(await readStream(stream)).toHaveLength(3);
  });

  it('lets one of several concurrent appends at the same revision win', async () => {
    const stream = uniqueStream('race');
    await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => fixture.client.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 0n })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(losers.every((outcome) => outcome.reason instanceof WrongExpectedVersionError)).toBe(true);
    expect(await readStream(stream)).toHaveLength(3);
  });

  describe('idempotency (the same event ids appended again)', () => {
    const appendTwice = async (stream: string, expectedRevision: typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS) => {
      const events = [anEvent(), anEvent()];
      const original = await fixture.client.appendToStream(stream, events, { expectedRevision });
      const retried = await fixture.client.appendToStream(stream, events, { expectedRevision });
      return { events, original, retried };
    };
    const withoutSuccessFlag = ({ nextExpectedRevision, position }: AppendResult) => ({ nextExpectedRevision, position });

    it.each([NO_STREAM, ANY] as const)("answers a retry with expected revision '%s' from the stored events", async (expectedRevision) => {
      const stream = uniqueStream('retry');
      const { events, original, retried } = await appendTwice(stream, expectedRevision);
      expect(withoutSuccessFlag(retried)).toEqual(withoutSuccessFlag(original));
      expect(ids(await readStream(stream))).toEqual(ids(events));
    });

    it("answers a retry with 'stream_exists' from the stored events", async () => {
      const stream = uniqueStream('retry-exists');
      await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM });
      const { original, retried } = await appendTwice(stream, STREAM_EXISTS);
      expect(withoutSuccessFlag(retried)).toEqual(withoutSuccessFlag(original));
      expect(await readStream(stream)).toHaveLength(3);
    });

    it('answers a retry after the stream has moved on with the original result', async () => {
      const stream = uniqueStream('retry-late');
      const events = [anEvent(), anEvent()];
      const original = await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: 1n });
      const retried = await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      expect(withoutSuccessFlag(retried)).toEqual(withoutSuccessFlag(original));
      expect(await readStream(stream)).toHaveLength(3);
    });

    it('refuses a retry whose ids are stored only in part, or elsewhere in the stream', async () => {
      const stream = uniqueStream('partial');
      const [a, b] = [anEvent(), anEvent()];
      await fixture.client.appendToStream(stream, [a, b], { expectedRevision: NO_STREAM });
      const cases: { events: EventData[]; expectedRevision: AppendExpectedRevision }[] = [
        { events: [b, anEvent()], expectedRevision: 0n }, // b is at revision 1, the new one is not
        { events: [a, anEvent()], expectedRevision: ANY }, // the first id is stored, the second is not
        { events: [b], expectedRevision: NO_STREAM }, // b is stored, but not at revision 0
      ];
      for (const { events, expectedRevision } of cases) {
        const error = await rejectionOf(fixture.client.appendToStream(stream, events, { expectedRevision }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ actualVersion: 1n });
      }
      expect(ids(await readStream(stream))).toEqual(ids([a, b]));
    });

    it('is per stream: the same ids are written to another stream', async () => {
      const events = [anEvent(), anEvent()];
      await fixture.client.appendToStream(uniqueStream('first'), events, { expectedRevision: ANY });
      const elsewhere = uniqueStream('second');
      const appended = await fixture.client.appendToStream(elsewhere, events, { expectedRevision: ANY });
      expect(appended.nextExpectedRevision).toBe(1n);
      expect(ids(await readStream(elsewhere))).toEqual(ids(events));
    });
  });
});
