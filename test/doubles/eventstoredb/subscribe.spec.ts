import {
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamSubscription,
  type Position,
  type StreamSubscription,
} from '@eventstore/db-client';
import { anEvent, collect, DoubleAndClient, eventually, ids, SubscriptionRecorder, uniqueStream } from './support';

describe('EventStoreDB double: catch-up subscriptions', () => {
  // Any three writes in a row are followed by a $statsCollected system event.
  const fixture = new DoubleAndClient({ statsEvery: 3 });
  const open: (StreamSubscription | AllStreamSubscription)[] = [];
  const record = <S extends StreamSubscription | AllStreamSubscription>(subscription: S, recorder = new SubscriptionRecorder()) => {
    open.push(subscription);
    recorder.attach(subscription);
    return recorder;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.unsubscribe()));
  });

  /** The position of the last event written so far: a start point that skips earlier tests. */
  const endOfLog = async (): Promise<Position> => {
    const [last] = await collect(fixture.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    return last.position;
  };

  describe('to a stream', () => {
    it('confirms, replays the stream, marks the catch-up, then delivers live events of that stream only', async () => {
      const stream = uniqueStream('subscribed');
      const history = [anEvent('Past'), anEvent('Past')];
      await fixture.client.appendToStream(stream, history, { expectedRevision: NO_STREAM });

      const recorder = record(fixture.client.subscribeToStream(stream, { fromRevision: START }));
      expect(ids(await recorder.untilCaughtUp())).toEqual(ids(history));
      expect(recorder.confirmed).toBe(true);

      const live = anEvent('Now');
      await fixture.client.appendToStream(uniqueStream('other'), [anEvent('Elsewhere')]);
      await fixture.client.appendToStream(stream, [live], { expectedRevision: 1n });
      const [, , delivered] = await recorder.untilEvents(3);
      expect(delivered).toMatchObject({ id: live.id, streamId: stream, revision: 2n });
      expect(recorder.caughtUpAfter).toEqual([2]);
    });

    it('starts after the given revision', async () => {
      const stream = uniqueStream('from-revision');
      const events = [anEvent(), anEvent(), anEvent()];
      await fixture.client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      const recorder = record(fixture.client.subscribeToStream(stream, { fromRevision: 0n }));
      expect(ids(await recorder.untilCaughtUp())).toEqual(ids(events.slice(1)));
    });

    it('from the end, delivers only what is written afterwards', async () => {
      const stream = uniqueStream('from-end');
      await fixture.client.appendToStream(stream, [anEvent()], { expectedRevision: NO_STREAM });
      const recorder = record(fixture.client.subscribeToStream(stream, { fromRevision: END }));
      expect(await recorder.untilCaughtUp()).toEqual([]);
      const live = anEvent();
      await fixture.client.appendToStream(stream, [live], { expectedRevision: 0n });
      expect(ids(await recorder.untilEvents(1))).toEqual(ids([live]));
    });

    it('waits for a stream that does not exist yet', async () => {
      const stream = uniqueStream('not-yet');
      const recorder = record(fixture.client.subscribeToStream(stream, { fromRevision: START }));
      expect(await recorder.untilCaughtUp()).toEqual([]);
      const first = anEvent();
      await fixture.client.appendToStream(stream, [first], { expectedRevision: NO_STREAM });
      expect(ids(await recorder.untilEvents(1))).toEqual(ids([first]));
    });
  });

  describe('to $all', () => {
    it('starts after the given position, replays, marks the catch-up, then delivers live events', async () => {
      const prefix = uniqueStream('all');
      const history = [anEvent(), anEvent(), anEvent()];
      await fixture.client.appendToStream(`${prefix}-a`, history, { expectedRevision: NO_STREAM });
      const [first] = await collect(fixture.client.readStream(`${prefix}-a`));
      if (!first.position) throw new Error('Stream reads carry positions');

      const recorder = record(
        fixture.client.subscribeToAll({ fromPosition: first.position, filter: streamNameFilter({ prefixes: [prefix] }) }),
      );
      expect(ids(await recorder.untilCaughtUp())).toEqual(ids(history.slice(1)));

      const live = anEvent();
      await fixture.client.appendToStream(`${prefix}-b`, [live], { expectedRevision: NO_STREAM });
      expect(ids(await recorder.untilEvents(3))).toEqual(ids([...history.slice(1), live]));
    });

    it('filters on the stream name by prefixes or by a regular expression', async () => {
      const prefix = uniqueStream('names');
      const from = await endOfLog();
      await fixture.client.appendToStream(`${prefix}-orders-1`, [anEvent()]);
      await fixture.client.appendToStream(`${prefix}-payments-1`, [anEvent()]);
      await fixture.client.appendToStream(`${prefix}-orders-2`, [anEvent()]);

      const byPrefixes = record(
        fixture.client.subscribeToAll({
          fromPosition: from,
          filter: streamNameFilter({ prefixes: [`${prefix}-orders`, `${prefix}-payments`] }),
        }),
      );
      const byRegex = record(
        fixture.client.subscribeToAll({ fromPosition: from, filter: streamNameFilter({ regex: `^${prefix}-orders-\\d$` }) }),
      );
      const streamsOf = (events: { streamId: string }[]) => events.map((event) => event.streamId.slice(prefix.length + 1));
      expect(streamsOf(await byPrefixes.untilCaughtUp())).toEqual(['orders-1', 'payments-1', 'orders-2']);
      expect(streamsOf(await byRegex.untilCaughtUp())).toEqual(['orders-1', 'orders-2']);
    });

    it('filters on the event type, and can leave out system events', async () => {
      const stream = uniqueStream('types');
      const from = await endOfLog();
      const types = [`Wanted-${stream}`, `Unwanted-${stream}`, `Wanted-${stream}`];
      for (const type of types) await fixture.client.appendToStream(stream, [anEvent(type)]);

      const wanted = record(
        fixture.client.subscribeToAll({ fromPosition: from, filter: eventTypeFilter({ prefixes: [`Wanted-${stream}`] }) }),
      );
      const noSystem = record(fixture.client.subscribeToAll({ fromPosition: from, filter: excludeSystemEvents() }));
      const everything = record(fixture.client.subscribeToAll({ fromPosition: from }));

      expect((await wanted.untilCaughtUp()).map((event) => event.type)).toEqual([types[0], types[2]]);
      expect((await noSystem.untilCaughtUp()).map((event) => event.type)).toEqual(types);
      // Three writes make the node write a $statsCollected event: unfiltered, it is delivered.
      expect((await everything.untilCaughtUp()).map((event) => event.type)).toContain('$statsCollected');
    });

    it('reports a checkpoint every checkpointInterval × maxSearchWindow events considered, delivered or not', async () => {
      const prefix = uniqueStream('checkpoints');
      const from = await endOfLog();
      for (let index = 0; index < 4; index += 1) {
        await fixture.client.appendToStream(`${prefix}-${index % 2 === 0 ? 'kept' : 'dropped'}`, [anEvent()]);
      }
      const considered = await collect(fixture.client.readAll({ fromPosition: from }));
      const afterStart = considered.slice(1); // the subscription starts after `from`

      const every = new SubscriptionRecorder();
      record(
        fixture.client.subscribeToAll({
          fromPosition: from,
          filter: streamNameFilter({
            prefixes: [`${prefix}-kept`],
            maxSearchWindow: 1,
            checkpointInterval: 1,
            checkpointReached: every.checkpointReached,
          }),
        }),
        every,
      );
      const everyOther = new SubscriptionRecorder();
      record(
        fixture.client.subscribeToAll({
          fromPosition: from,
          filter: streamNameFilter({
            prefixes: [`${prefix}-kept`],
            maxSearchWindow: 1,
            checkpointInterval: 2,
            checkpointReached: everyOther.checkpointReached,
          }),
        }),
        everyOther,
      );

      expect(await every.untilCaughtUp()).toHaveLength(2);
      await everyOther.untilCaughtUp();
      const positions = (recorder: SubscriptionRecorder) => recorder.checkpoints.map((checkpoint) => checkpoint.position.commit);
      expect(positions(every)).toEqual(afterStart.map((event) => event.position.commit));
      expect(positions(everyOther)).toEqual(afterStart.filter((_, index) => index % 2 === 1).map((event) => event.position.commit));
      // Each checkpoint follows the delivery of the events up to its position.
      const keptUpTo = (index: number) => afterStart.slice(0, index + 1).filter((event) => event.streamId === `${prefix}-kept`).length;
      expect(every.checkpoints.map((checkpoint) => checkpoint.afterEvents)).toEqual(afterStart.map((_, index) => keptUpTo(index)));
    });

    it('is closed on the server when the client unsubscribes', async () => {
      await eventually(() => fixture.double.openSubscriptions === 0, 'earlier subscriptions to close');
      const recorder = new SubscriptionRecorder();
      const subscription = recorder.attach(fixture.client.subscribeToAll({ fromPosition: END }));
      await recorder.untilCaughtUp();
      expect(fixture.double.openSubscriptions).toBe(1);
      await subscription.unsubscribe();
      await eventually(() => fixture.double.openSubscriptions === 0, 'the subscription to close on the server');
    });
  });
});
