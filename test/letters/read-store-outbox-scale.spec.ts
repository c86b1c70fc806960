import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { letterOutboxOn } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { EmbeddedReadStore } from '@collections/read-store';

const LETTERS = 500;

describe('ReadStoreLetterOutbox on the EmbeddedReadStore, at scale', () => {
  // 1.5 s on an idle machine, but 500 transactional stores and a run of 500 deliveries wait on the
  // disk: a CI run of the whole suite once took more than the default 20 s.
  jest.setTimeout(90_000);
  let dir: string;
  let store: EmbeddedReadStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-scale-'));
    store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`given ${LETTERS} letters stored all at once, when one run delivers them, then each gets a number of its own and they go in the order they were stored`, async () => {
    const outbox = letterOutboxOn(store);
    const letters = Array.from({ length: LETTERS }, (_, i) => aLetter({ level: i + 1, customerId: `C-${i % 25}` }));
    // At once: the stores of one process take their numbers in turn, none gives up.
    expect(await Promise.all(letters.map((letter) => outbox.store(letter)))).toEqual(letters.map(() => 'stored'));
    const handed: string[] = [];

    const run = await outbox.deliverPending(
      { deliver: async (letter) => (handed.push(letter.letterId), { transportId: `t-${letter.letterId}` }) },
      { now: '2024-02-20T09:00:00.000Z', limit: LETTERS },
    );

    expect(run.delivered).toHaveLength(LETTERS);
    expect(handed).toEqual(letters.map((letter) => letter.letterId));
    expect(await outbox.pendingLetters('2024-02-20T09:00:00.000Z')).toEqual({ pending: 0, claimed: 0 });
  });
});
