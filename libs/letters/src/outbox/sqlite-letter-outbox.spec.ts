import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeliveryReceipt, LetterDelivery } from '../delivery/letter-delivery.port';
import { LetterConflictError } from '../errors';
import { Letter } from '../letter';
import { aLetter } from '../testing/letter-fixtures';
import { retryDelayMs } from './retry-schedule';
import { SqliteLetterOutbox } from './sqlite-letter-outbox';

const T0 = '2024-02-20T09:00:00.000Z';
const after = (ms: number, from = T0): string => new Date(Date.parse(from) + ms).toISOString();
const MINUTE = 60_000;

/** A transport double: records what it is handed and fails while told to. */
class RecordingDelivery implements LetterDelivery {
  readonly handed: string[] = [];
  failure: Error | undefined;

  async deliver(letter: Letter): Promise<DeliveryReceipt> {
    this.handed.push(letter.letterId);
    if (this.failure) throw this.failure;
    return { transportId: `t-${letter.letterId}` };
  }
}

/** A transport that holds every hand-over until the test releases it. */
class GatedDelivery implements LetterDelivery {
  readonly handed: string[] = [];
  private releases: (() => void)[] = [];
  private arrived: (() => void) | undefined;

  deliver(letter: Letter): Promise<DeliveryReceipt> {
    this.handed.push(letter.letterId);
    this.arrived?.();
    return new Promise((resolve) => this.releases.push(() => resolve({ transportId: 'gated' })));
  }

  /** Resolves once a hand-over is waiting. */
  waitForHandOver(): Promise<void> {
    if (this.releases.length > 0) return Promise.resolve();
    return new Promise((resolve) => (this.arrived = resolve));
  }

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe('SqliteLetterOutbox', () => {
  let directory: string;
  let file: string;
  const open: SqliteLetterOutbox[] = [];
  const openOutbox = (): SqliteLetterOutbox => {
    const outbox = new SqliteLetterOutbox(file);
    open.push(outbox);
    return outbox;
  };

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'letters-outbox-'));
    file = path.join(directory, 'letters.sqlite');
  });

  afterEach(async () => {
    for (const outbox of open.splice(0)) await outbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('storing letters', () => {
    it('given a new letter, when stored, then it is pending with its text', async () => {
      const outbox = openOutbox();
      const letter = aLetter();

      expect(await outbox.store(letter)).toBe('stored');
      expect(await outbox.letter(letter.letterId)).toEqual({ ...letter, delivery: { state: 'pending', attempts: 0 } });
    });

    it('given a stored letter, when the same letter is stored again, then nothing changes', async () => {
      const outbox = openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      await outbox.deliverPending(new RecordingDelivery(), { now: T0 });

      expect(await outbox.store({ ...letter })).toBe('already-stored');
      expect(await outbox.lettersOf('ACME-1')).toHaveLength(1);
      expect((await outbox.letter(letter.letterId))?.delivery.state).toBe('delivered');
    });

    it('given a stored letter, when a different text is stored under its id, then it is refused and the first kept', async () => {
      const outbox = openOutbox();
      const letter = aLetter();
      await outbox.store(letter);

      const changed = { ...letter, text: `${letter.text}P.S.\n`, subject: 'Another subject' };
      await expect(outbox.store(changed)).rejects.toThrow(LetterConflictError);
      await expect(outbox.store(changed)).rejects.toMatchObject({
        code: 'letter-conflict',
        differingFields: ['subject', 'text'],
      });
      expect((await outbox.letter(letter.letterId))?.text).toBe(letter.text);
    });

    it('given letters of several customers, when listed, then a customer gets theirs by sent date, then as stored', async () => {
      const outbox = openOutbox();
      await outbox.store(aLetter({ level: 2, sentOn: '2024-03-05' }));
      await outbox.store(aLetter({ customerId: 'OTHER-1' }));
      await outbox.store(aLetter({ level: 1, sentOn: '2024-02-20' }));
      await outbox.store(aLetter({ level: 3, sentOn: '2024-03-05' }));

      const letters = await outbox.lettersOf('ACME-1');
      expect(letters.map((letter) => [letter.level, letter.sentOn])).toEqual([
        [1, '2024-02-20'],
        [2, '2024-03-05'],
        [3, '2024-03-05'],
      ]);
      expect(await outbox.lettersOf('NOBODY')).toEqual([]);
    });

    it('given stored and delivered letters, when the file is reopened, then letters, texts and states are all there', async () => {
      const first = openOutbox();
      const delivered = aLetter({ level: 1 });
      const pending = aLetter({ level: 2, channel: 'letter', to: undefined, text: 'Zweite Mahnung – ü\n' });
      await first.store(delivered);
      await first.deliverPending(new RecordingDelivery(), { now: T0 });
      await first.store(pending);
      await first.close();

      const reopened = openOutbox();
      expect(await reopened.lettersOf('ACME-1')).toEqual([
        { ...delivered, delivery: { state: 'delivered', attempts: 0, lastAttemptAt: T0, deliveredAt: T0, transportId: `t-${delivered.letterId}` } },
        { ...pending, delivery: { state: 'pending', attempts: 0 } },
      ]);
      expect(await reopened.store(delivered)).toBe('already-stored');
    });
  });

  describe('delivering pending letters', () => {
    it('given pending letters, when delivered, then each is handed over once, in order, and marked with when and the transport id', async () => {
      const outbox = openOutbox();
      const letters = [aLetter({ level: 1 }), aLetter({ level: 2 }), aLetter({ level: 3 })];
      for (const letter of letters) await outbox.store(letter);
      const delivery = new RecordingDelivery();

      const run = await outbox.deliverPending(delivery, { now: T0 });
      const again = await outbox.deliverPending(delivery, { now: after(MINUTE) });

      const ids = letters.map((letter) => letter.letterId);
      expect(delivery.handed).toEqual(ids);
      expect(run).toEqual({ delivered: ids.map((letterId) => ({ letterId, transportId: `t-${letterId}` })), failed: [] });
      expect(again).toEqual({ delivered: [], failed: [] });
      expect((await outbox.letter(ids[0]))?.delivery).toEqual({
        state: 'delivered',
        attempts: 0,
        lastAttemptAt: T0,
        deliveredAt: T0,
        transportId: `t-${ids[0]}`,
      });
    });

    it('given a limit, when delivered, then only that many go in the run and the rest in the next', async () => {
      const outbox = openOutbox();
      for (const level of [1, 2, 3]) await outbox.store(aLetter({ level }));
      const delivery = new RecordingDelivery();

      expect((await outbox.deliverPending(delivery, { now: T0, limit: 2 })).delivered).toHaveLength(2);
      expect((await outbox.deliverPending(delivery, { now: T0, limit: 2 })).delivered).toHaveLength(1);
      expect(new Set(delivery.handed).size).toBe(3);
    });

    it('given a failing transport, when delivered, then the letter stays pending with the error, the attempt and the next attempt time', async () => {
      const outbox = openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      const delivery = new RecordingDelivery();
      delivery.failure = Object.assign(new Error('Connection refused'), { code: 'ESOCKET' });

      const run = await outbox.deliverPending(delivery, { now: T0 });

      expect(run).toEqual({
        delivered: [],
        failed: [{ letterId: letter.letterId, attempts: 1, error: 'ESOCKET: Connection refused', nextAttemptAt: after(MINUTE) }],
      });
      expect((await outbox.letter(letter.letterId))?.delivery).toEqual({
        state: 'pending',
        attempts: 1,
        lastError: 'ESOCKET: Connection refused',
        lastAttemptAt: T0,
        nextAttemptAt: after(MINUTE),
      });
    });

    it('given a failed letter, when runs come before and after its next attempt time, then it is retried only after it, backing off each time', async () => {
      const outbox = openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      const delivery = new RecordingDelivery();
      delivery.failure = new Error('451 try again later');

      await outbox.deliverPending(delivery, { now: T0 }); // attempt 1: wait 1 minute
      await outbox.deliverPending(delivery, { now: after(MINUTE - 1) }); // too early
      await outbox.deliverPending(delivery, { now: after(MINUTE) }); // attempt 2: wait 2 minutes
      await outbox.deliverPending(delivery, { now: after(MINUTE + 2 * MINUTE - 1) }); // too early
      const third = await outbox.deliverPending(delivery, { now: after(3 * MINUTE) }); // attempt 3: wait 4 minutes

      expect(delivery.handed).toHaveLength(3);
      expect(third.failed[0]).toMatchObject({ attempts: 3, nextAttemptAt: after(7 * MINUTE) });

      delivery.failure = undefined;
      await outbox.deliverPending(delivery, { now: after(7 * MINUTE) });
      expect(delivery.handed).toHaveLength(4);
      expect((await outbox.letter(letter.letterId))?.delivery).toMatchObject({
        state: 'delivered',
        attempts: 3,
        lastError: '451 try again later',
        deliveredAt: after(7 * MINUTE),
      });
    });

    it('given many failures, when the backoff grows, then it stops at the cap', () => {
      expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map((attempts) => retryDelayMs(attempts) / MINUTE)).toEqual([
        1, 2, 4, 8, 16, 32, 60, 60, 60, 60,
      ]);
      expect(() => retryDelayMs(0)).toThrow(RangeError);
    });

    it('given one letter fails, when delivered, then the letters after it still go', async () => {
      const outbox = openOutbox();
      const [bad, good] = [aLetter({ level: 1 }), aLetter({ level: 2 })];
      await outbox.store(bad);
      await outbox.store(good);
      const delivery: LetterDelivery = {
        deliver: async (letter) => {
          if (letter.letterId === bad.letterId) throw new Error('mailbox unavailable');
          return { transportId: 'ok' };
        },
      };

      const run = await outbox.deliverPending(delivery, { now: T0 });

      expect(run.delivered.map((entry) => entry.letterId)).toEqual([good.letterId]);
      expect(run.failed.map((entry) => entry.letterId)).toEqual([bad.letterId]);
    });

    it('given two runs at once on the same file (two processes), when delivered, then each letter is handed over once', async () => {
      const [api, cli] = [openOutbox(), openOutbox()];
      const letter = aLetter();
      await api.store(letter);
      const delivery = new GatedDelivery();

      const first = api.deliverPending(delivery, { now: T0 });
      await delivery.waitForHandOver();
      const second = await cli.deliverPending(delivery, { now: T0 });
      delivery.releaseAll();

      expect(second).toEqual({ delivered: [], failed: [] });
      expect((await first).delivered).toHaveLength(1);
      expect(delivery.handed).toEqual([letter.letterId]);
    });

    it('given a run that took a letter and never finished (a crash), when its claim has lapsed, then another run hands it over again', async () => {
      const crashed = openOutbox();
      const letter = aLetter();
      await crashed.store(letter);
      const hung = new GatedDelivery();
      const hungRun = crashed.deliverPending(hung, { now: T0 });
      await hung.waitForHandOver();

      const delivery = new RecordingDelivery();
      const during = await openOutbox().deliverPending(delivery, { now: after(9 * MINUTE) });
      const lapsed = await openOutbox().deliverPending(delivery, { now: after(10 * MINUTE) });

      expect(during.delivered).toEqual([]);
      expect(lapsed.delivered).toEqual([{ letterId: letter.letterId, transportId: `t-${letter.letterId}` }]);
      // The hung hand-over completing late changes nothing: the first mark stands.
      hung.releaseAll();
      await hungRun;
      expect(await crashed.deliverPending(delivery, { now: after(11 * MINUTE) })).toEqual({ delivered: [], failed: [] });
      expect((await crashed.letter(letter.letterId))?.delivery).toMatchObject({
        state: 'delivered',
        deliveredAt: after(10 * MINUTE),
        transportId: `t-${letter.letterId}`,
      });
    });

    it('given an outbox file of the first schema (text only), when opened, then its letters read as before and new ones keep their HTML', async () => {
      const first = openOutbox();
      const old = aLetter();
      await first.store(old);
      await first.close();
      const raw = new Database(file);
      raw.exec('ALTER TABLE letters DROP COLUMN html; PRAGMA user_version = 1;');
      raw.close();

      const reopened = openOutbox();
      const withHtml = aLetter({ level: 2, html: '<p>Second</p>' });
      await reopened.store(withHtml);

      expect(await reopened.letter(old.letterId)).not.toHaveProperty('html');
      expect(await reopened.letter(withHtml.letterId)).toMatchObject({ html: '<p>Second</p>' });
      expect(await reopened.store({ ...old, html: '<p>rendered again</p>' })).toBe('already-stored');
    });

    it('given a run that died holding a letter, when the next run asks what is waiting, then the letter counts as claimed until its lease lapses', async () => {
      const crashed = openOutbox();
      const [held, failing] = [aLetter(), aLetter({ level: 2 })];
      await crashed.store(held);
      const hung = new GatedDelivery();
      void crashed.deliverPending(hung, { now: T0, limit: 1 });
      await hung.waitForHandOver();
      const rerun = openOutbox();
      await rerun.store(failing);

      expect(await rerun.pendingLetters(after(MINUTE))).toEqual({ pending: 2, claimed: 1, claimedUntil: after(10 * MINUTE) });
      expect(await rerun.pendingLetters(after(10 * MINUTE))).toEqual({ pending: 2, claimed: 0 });
      hung.releaseAll();
    });

    it('given a run, when it starts, then the transport is prepared before any letter, even when nothing is due', async () => {
      const outbox = openOutbox();
      const calls: string[] = [];
      const delivery: LetterDelivery = {
        prepare: async () => void calls.push('prepare'),
        deliver: async (letter) => (calls.push(letter.letterId), { transportId: 't' }),
      };

      await outbox.deliverPending(delivery, { now: T0 });
      await outbox.store(aLetter());
      await outbox.deliverPending(delivery, { now: T0 });

      expect(calls).toEqual(['prepare', 'prepare', aLetter().letterId]);
    });

    it('given a bad instant, when delivering, then it is refused before anything is handed over', async () => {
      const outbox = openOutbox();
      await outbox.store(aLetter());
      const delivery = new RecordingDelivery();

      await expect(outbox.deliverPending(delivery, { now: 'yesterday' })).rejects.toThrow(RangeError);
      expect(delivery.handed).toEqual([]);
    });
  });

  it('given a file written by a newer schema, when opened, then it is refused', async () => {
    const outbox = openOutbox();
    await outbox.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();

    expect(() => new SqliteLetterOutbox(file)).toThrow(/schema version 99/);
  });
});
