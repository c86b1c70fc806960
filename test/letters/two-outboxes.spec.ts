import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeliveryReceipt, Letter, LetterDelivery, letterOutboxOn, ReadStoreLetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { EmbeddedReadStore, MongoReadStore, ReadStore } from '@collections/read-store';
import { MongoWireDouble } from '../doubles/mongodb';

const T0 = '2024-02-20T09:00:00.000Z';
const after = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
const LETTERS = 60;
const ROUNDS = 4;

/**
 * A transport that records every hand-over, by the instance that made it, and takes a few
 * milliseconds over each, so that two instances' runs overlap.
 */
class SlowRecordingDelivery {
  readonly handed: { letterId: string; by: string }[] = [];
  private inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly ms: number) {}

  by(instance: string): LetterDelivery {
    return {
      deliver: async (letter: Letter): Promise<DeliveryReceipt> => {
        this.handed.push({ letterId: letter.letterId, by: instance });
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        await new Promise((resolve) => setTimeout(resolve, this.ms));
        this.inFlight -= 1;
        return { transportId: `${instance}-${letter.letterId}` };
      },
    };
  }
}

/** Two policy-engine instances: two outboxes on two read stores that share one database (or one store, embedded). */
interface TwoInstances {
  first: ReadStoreLetterOutbox;
  second: ReadStoreLetterOutbox;
  cleanup(): Promise<void>;
}

const setups: [string, (claimMs?: number) => Promise<TwoInstances>][] = [
  [
    'two MongoReadStore connections to one MongoDB (the wire-protocol double)',
    async (claimMs) => {
      const mongo = await MongoWireDouble.start();
      const stores: ReadStore[] = [];
      try {
        stores.push(await MongoReadStore.connect(mongo.uri('collections')));
        stores.push(await MongoReadStore.connect(mongo.uri('collections')));
      } catch (error) {
        for (const store of stores) await store.close();
        await mongo.stop();
        throw error;
      }
      return {
        first: letterOutboxOn(stores[0], { claimMs }),
        second: letterOutboxOn(stores[1], { claimMs }),
        cleanup: async () => {
          for (const store of stores) await store.close();
          await mongo.stop();
        },
      };
    },
  ],
  [
    'two outboxes on one EmbeddedReadStore',
    async (claimMs) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-outboxes-'));
      const store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
      return {
        first: letterOutboxOn(store, { claimMs }),
        second: letterOutboxOn(store, { claimMs }),
        cleanup: async () => {
          await store.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(setups)('Two instances delivering letters: %s', (_, setUp) => {
  let instances: TwoInstances | undefined;

  afterEach(async () => {
    await instances?.cleanup();
    instances = undefined;
  });

  it('given many pending letters, when both instances run deliverPending at the same time for several rounds, then every letter is handed over exactly once and ends delivered', async () => {
    instances = await setUp();
    const { first, second } = instances;
    const letters = Array.from({ length: LETTERS }, (_, i) => aLetter({ level: i + 1, customerId: `C-${i % 7}` }));
    // Stored by both, as two engine instances following the same events would.
    await Promise.all(letters.map((letter, i) => (i % 2 === 0 ? first : second).store(letter)));
    await Promise.all(letters.map((letter, i) => (i % 2 === 0 ? second : first).store(letter)));
    const delivery = new SlowRecordingDelivery(10);

    // Each instance runs round after round, as its scheduler would; the two run side by side.
    const rounds = async (outbox: ReadStoreLetterOutbox, instance: string) => {
      for (let round = 0; round < ROUNDS; round += 1) {
        await outbox.deliverPending(delivery.by(instance), { now: after(round * 1_000), limit: 20 });
      }
    };
    await Promise.all([rounds(first, 'first'), rounds(second, 'second')]);

    const handedOver = delivery.handed.map((handOver) => handOver.letterId);
    expect([...handedOver].sort()).toEqual(letters.map((letter) => letter.letterId).sort());
    expect(new Set(handedOver).size).toBe(handedOver.length);
    // The runs did overlap, and both instances took part.
    expect(delivery.maxInFlight).toBeGreaterThan(1);
    expect(new Set(delivery.handed.map((handOver) => handOver.by))).toEqual(new Set(['first', 'second']));
    for (const letter of letters) {
      const stored = await second.letter(letter.letterId);
      const by = delivery.handed.find((handOver) => handOver.letterId === letter.letterId)?.by;
      expect(stored?.delivery).toMatchObject({ state: 'delivered', attempts: 0, transportId: `${by}-${letter.letterId}` });
    }
    expect(await first.pendingLetters(after(ROUNDS * 1_000))).toEqual({ pending: 0, claimed: 0 });
  });

  it('given an instance that died holding a claim, when its claim lapses, then the other instance takes the letter over, and not before', async () => {
    const claimMs = 30_000;
    instances = await setUp(claimMs);
    const { first: died, second: survivor } = instances;
    const [held, other] = [aLetter({ level: 1 }), aLetter({ level: 2 })];
    await died.store(held);
    await died.store(other);
    // The first instance claims one letter and never comes back from the transport.
    let handedToDead: string | undefined;
    const never: LetterDelivery = {
      deliver: (letter) => {
        handedToDead = letter.letterId;
        return new Promise<DeliveryReceipt>(() => undefined);
      },
    };
    void died.deliverPending(never, { now: T0, limit: 1 });
    while (handedToDead === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    const delivery = new SlowRecordingDelivery(1);

    const during = await survivor.deliverPending(delivery.by('survivor'), { now: after(claimMs - 1) });
    const waiting = await survivor.pendingLetters(after(claimMs - 1));
    const lapsed = await survivor.deliverPending(delivery.by('survivor'), { now: after(claimMs) });

    expect(handedToDead).toBe(held.letterId);
    expect(during.delivered.map((entry) => entry.letterId)).toEqual([other.letterId]);
    expect(waiting).toEqual({ pending: 1, claimed: 1, claimedUntil: after(claimMs) });
    expect(lapsed.delivered).toEqual([{ letterId: held.letterId, transportId: `survivor-${held.letterId}` }]);
    expect(delivery.handed.map((handOver) => handOver.letterId)).toEqual([other.letterId, held.letterId]);
    expect((await died.letter(held.letterId))?.delivery).toMatchObject({ state: 'delivered', deliveredAt: after(claimMs) });
    expect(await survivor.pendingLetters(after(claimMs))).toEqual({ pending: 0, claimed: 0 });
  });
});
