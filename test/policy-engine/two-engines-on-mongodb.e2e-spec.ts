import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { MongoWireDouble } from '../doubles/mongodb';
import { EngineWorld, startEngine } from './engine-harness';

const CUSTOMERS = 12;
const lettersIn = (dataDir: string): string[] => {
  const outbox = join(dataDir, 'outbox');
  return existsSync(outbox) ? readdirSync(outbox).filter((file) => file.endsWith('.eml')) : [];
};

/**
 * Production mode (READ_STORE=mongodb): two policy-engine instances, as on two hosts, share
 * nothing but the event store and MongoDB (here the wire-protocol double; no server runs on
 * this machine). Each delivers to a file outbox of its own, so what each handed over can be told.
 */
// Forty days of two engines over the wire double: seconds alone, past Jest's 20 s beside other suites on a 2-core CI.
describe('two policy-engine instances on one MongoDB (the wire-protocol double, not a real server)', () => {
  let mongo: MongoWireDouble;
  let eventsDir: string;
  let first: EngineWorld;
  let second: EngineWorld;

  beforeAll(async () => {
    mongo = await MongoWireDouble.start();
    eventsDir = mkdtempSync(join(tmpdir(), 'two-engines-'));
    // One link secret for both, as production requires: each renders the same letter, link included.
    const env = {
      READ_STORE: 'mongodb',
      MONGO_URL: mongo.uri('collections'),
      CUSTOMER_LINK_SECRET: 'one-secret-for-every-engine-and-api-1234',
    };
    first = await startEngine({ store: new SqliteEventStore(join(eventsDir, 'events.sqlite')), env });
    second = await startEngine({ store: new SqliteEventStore(join(eventsDir, 'events.sqlite')), env });
  }, 60_000);
  afterAll(async () => {
    await first.close();
    await second.close();
    await first.store.close();
    await second.store.close();
    await mongo.stop();
    rmSync(eventsDir, { recursive: true, force: true });
  }, 60_000);

  it('given reminders sent to a book, when both write and deliver the letters at once, then each letter is delivered exactly once, and neither keeps engine state on its disk', async () => {
    for (let customer = 1; customer <= CUSTOMERS; customer++) {
      await first.act(
        `C-${customer}`,
        {
          type: 'RegisterInvoice',
          data: { invoiceId: 'INV-1', amount: 10_000 * customer, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
        },
        'integration',
      );
    }
    await first.engine.runDays('2024-02-10', '2024-03-20');

    const delivered = await Promise.all([first.engine.writeAndDeliverLetters(), second.engine.writeAndDeliverLetters()]);
    const again = await Promise.all([second.engine.writeAndDeliverLetters(), first.engine.writeAndDeliverLetters()]);

    const stored = (await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => first.outbox.lettersOf(`C-${i + 1}`)))).flat();
    expect(stored.length).toBeGreaterThanOrEqual(CUSTOMERS * 2);
    expect(stored.every((letter) => letter.delivery.state === 'delivered')).toBe(true);
    const handedOver = [...lettersIn(first.dataDir), ...lettersIn(second.dataDir)].sort();
    expect(handedOver).toEqual(stored.map((letter) => `${letter.letterId}.eml`).sort());
    expect(delivered[0].delivered + delivered[1].delivered).toBe(stored.length);
    expect(again).toEqual([
      { delivered: 0, failed: 0 },
      { delivered: 0, failed: 0 },
    ]);
    expect(await second.outbox.pendingLetters(second.clock.now())).toEqual({ pending: 0, claimed: 0 });
    for (const { dataDir } of [first, second]) {
      expect(readdirSync(dataDir).filter((file) => file.endsWith('.sqlite'))).toEqual([]);
    }
  }, 120_000);
});
