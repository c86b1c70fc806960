import { EventStoreDBClient, START } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { startEventStoreDbDouble } from '.';
import { anEvent, rejectionOf, SubscriptionRecorder, uniqueStream } from './support';

describe('EventStoreDB double: as a server', () => {
  it('ends open subscriptions when it stops, and the client sees them end', async () => {
    const double = await startEventStoreDbDouble();
    const client = EventStoreDBClient.connectionString(double.connectionString);
    try {
      const recorder = new SubscriptionRecorder();
      recorder.attach(client.subscribeToAll({ fromPosition: START }));
      await recorder.untilCaughtUp();
      await double.stop();
      await recorder.until(() => recorder.ended, 'the subscription to end');
      expect(double.openSubscriptions).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('stops even while a client holds its BatchAppend call open', async () => {
    const double = await startEventStoreDbDouble();
    const client = EventStoreDBClient.connectionString(double.connectionString);
    try {
      await client.appendToStream(uniqueStream('open-call'), [anEvent()]);
      expect(double.callCount('batchAppend')).toBe(1);
      await double.stop();
    } finally {
      await client.dispose();
    }
  });

  it('answers what it does not implement with UNIMPLEMENTED, as a server without it would', async () => {
    const double = await startEventStoreDbDouble();
    const client = EventStoreDBClient.connectionString(double.connectionString);
    try {
      const error = await rejectionOf(client.deleteStream(uniqueStream('delete')));
      expect(error).toMatchObject({ code: status.UNIMPLEMENTED });
    } finally {
      await client.dispose();
      await double.stop();
    }
  });
});
