import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  binaryEvent,
  END,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  type AllStreamRecordedEvent,
  type Position,
  type RecordedEvent,
} from '@eventstore/db-client';
import { anEvent, collect, DoubleAndClient, ids, rejectionOf, uniqueStream } from './support';

const isSystemEvent = (event: { streamId: string; type: string }) => event.streamId.startsWith('$') || event.type.startsWith('$');

/** Stream reads carry positions from server 22.6 on; the double always sends them. */
function positionOf(event: RecordedEvent): Position {
  if (!event.position) throw new Error(`${event.streamId}@${event.revision} came without a position`);
  return event.position;
}

describe('EventStoreDB double: reading a stream', () => {
  const fixture = new DoubleAndClient({ statsEvery: 0 });
  let stream: string;
  beforeAll(async () => {
    stream = uniqueStream('read');
    const events = Array.from({ length: 5 }, (_, index) => anEvent('Numbered', { index }));
    await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
  });
  const revisions = async (options: Parameters<typeof fixture.client.readStream>[1]) =>
    (await collect(fixture.client.readStream(stream, options))).map((event) => Number(event.revision));

  it('reads forwards from the start or from an inclusive revision, up to maxCount', async () => {
    expect(await revisions({ fromRevision: START })).toEqual([0, 1, 2, 3, 4]);
    expect(await revisions({ fromRevision: 2n })).toEqual([2, 3, 4]);
    expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1, 2]);
    expect(await revisions({ fromRevision: 7n })).toEqual([]);
    expect(await revisions({ fromRevision: END })).toEqual([]);
  });

  it('reads backwards from the end or from an inclusive revision, up to maxCount', async () => {
    expect(await revisions({ direction: BACKWARDS, fromRevision: END })).toEqual([4, 3, 2, 1, 0]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 2 })).toEqual([4, 3]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: 2n })).toEqual([2, 1, 0]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: START })).toEqual([0]);
  });

  it('reports a stream without events as not found, in either direction', async () => {
    const nobody = uniqueStream('nobody');
    for (const direction of [FORWARDS, BACKWARDS] as const) {
      const error = await rejectionOf(collect(fixture.client.readStream(nobody, { direction })));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ streamName: nobody });
    }
  });

  it('returns each event as appended, with its creation time and its position in $all', async () => {
    const target = uniqueStream('fields');
    const json = jsonEvent({ id: randomUUID(), type: 'Jsoned', data: { amount: 12.5, tags: ['a'] }, metadata: { by: 'me' } });
    const bytes = binaryEvent({ id: randomUUID(), type: 'Binary', data: Uint8Array.from([0, 1, 254, 255]) });
    const before = Date.now();
    await fixture.client.appendToStream(target, [json, bytes]);
    const after = Date.now();

    const [readJson, readBytes] = await collect(fixture.client.readStream(target));
    expect(readJson).toMatchObject({
      streamId: target,
      id: json.id,
      type: 'Jsoned',
      isJson: true,
      data: json.data,
      metadata: json.metadata,
    });
    expect(readBytes).toMatchObject({ id: bytes.id, type: 'Binary', isJson: false, metadata: undefined });
    expect(Array.from(readBytes.data as Uint8Array)).toEqual([0, 1, 254, 255]);
    expect(readJson.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(readJson.created.getTime()).toBeLessThanOrEqual(after);

    const inAll = (await collect(fixture.client.readAll({ fromPosition: positionOf(readJson), maxCount: 2 }))).map((event) => event.id);
    expect(inAll).toEqual([json.id, bytes.id]);
  });
});

describe('EventStoreDB double: reading $all', () => {
  const fixture = new DoubleAndClient({ statsEvery: 3 });
  const readAll = (options: Parameters<typeof fixture.client.readAll>[0]) =>
    collect<AllStreamRecordedEvent>(fixture.client.readAll(options));

  it('holds the system events a real node writes: $-streams, $$ metadata streams, $-types, stats between writes', async () => {
    const stream = uniqueStream('among-system-events');
    const appended = [anEvent(), anEvent(), anEvent(), anEvent()];
    for (const event of appended) await fixture.client.appendToStream(stream, [event]);

    const all = await readAll({ fromPosition: START });
    expect(all.some((event) => event.streamId.startsWith('$$') && event.type === '$metadata')).toBe(true);
    expect(all.some((event) => event.streamId === '$settings' && event.type === '$settings')).toBe(true);
    // Every third user write is followed by a $statsCollected event, before the fourth write.
    const sequence = all.filter((event) => event.streamId === stream || event.type === '$statsCollected').map((event) => event.type);
    expect(sequence).toEqual(['Happened', 'Happened', 'Happened', '$statsCollected', 'Happened']);
    // First in the block: everything else in $all was written by the node itself.
    expect(all.filter((event) => event.streamId !== stream).every(isSystemEvent)).toBe(true);
  });

  it('places events at byte offsets: increasing, gappy, the gap growing with the record, commit equal to prepare', async () => {
    const stream = uniqueStream('sizes');
    const small = anEvent('Small', {});
    const large = anEvent('Large', { text: 'x'.repeat(1000) });
    await fixture.client.appendToStream(stream, [small, large, anEvent('After')]);
    const [first] = await collect(fixture.client.readStream(stream));
    const [readSmall, readLarge, readAfter] = await readAll({ fromPosition: positionOf(first), maxCount: 3 });

    expect(ids([readSmall, readLarge])).toEqual(ids([small, large]));
    const smallGap = readLarge.position.commit - readSmall.position.commit;
    const largeGap = readAfter.position.commit - readLarge.position.commit;
    expect(smallGap).toBeGreaterThan(1n);
    expect(largeGap - smallGap).toBeGreaterThanOrEqual(1000n);
    for (const event of [readSmall, readLarge, readAfter]) expect(event.position.prepare).toBe(event.position.commit);
    const all = await readAll({ fromPosition: START });
    all.slice(1).forEach((event, index) => expect(event.position.commit).toBeGreaterThan(all[index].position.commit));
    expect(all[0].position.commit).toBeGreaterThan(0n);
  });

  it('reads forwards from a position including the event at it, up to maxCount', async () => {
    const stream = uniqueStream('forwards');
    const events = [anEvent(), anEvent(), anEvent()];
    await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    const stored = await collect(fixture.client.readStream(stream));

    expect(ids(await readAll({ fromPosition: positionOf(stored[1]), maxCount: 2 }))).toEqual(ids(events.slice(1)));
    expect(await readAll({ fromPosition: END })).toEqual([]);
  });

  it('reads backwards from a position excluding the event at it (a post-position), or from the end', async () => {
    const stream = uniqueStream('backwards');
    const events = [anEvent(), anEvent(), anEvent()];
    await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    const stored = await collect(fixture.client.readStream(stream));

    const beforeThird = await readAll({ direction: BACKWARDS, fromPosition: positionOf(stored[2]), maxCount: 2 });
    expect(ids(beforeThird)).toEqual(ids([events[1], events[0]]));
    // One more than written: a $statsCollected event may follow the write.
    const latest = await readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 4 });
    expect(ids(latest.filter((event) => event.streamId === stream))).toEqual(ids([...events].reverse()));
    expect(await readAll({ direction: BACKWARDS, fromPosition: START })).toEqual([]);
  });
});
