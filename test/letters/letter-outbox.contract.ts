import {
  DeliveryReceipt,
  Letter,
  LetterConflictError,
  LetterDelivery,
  LetterOutbox,
  RetrySchedule,
  letterIdFor,
} from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { describeBounceContract } from './letter-outbox-bounces.contract';

/** The options every adapter takes under the same names. */
export interface LetterOutboxContractOptions {
  retry?: RetrySchedule;
  claimMs?: number;
}

/**
 * One test's storage (a SQLite file, a read store's collection) and a way to open outboxes on it.
 * Each `open` is another process as far as the adapter allows: a new connection where there is
 * one (MongoDB), a new handle on the same file (SQLite), or another outbox on the same store
 * (the embedded read store, which one process owns).
 */
export interface LetterOutboxHarness {
  open(options?: LetterOutboxContractOptions): Promise<LetterOutbox>;
  /** Called after every outbox the test opened is closed. */
  cleanup(): Promise<void>;
}

export type LetterOutboxFactory = () => Promise<LetterOutboxHarness>;

const T0 = '2024-02-20T09:00:00.000Z';
const after = (ms: number, from = T0): string => new Date(Date.parse(from) + ms).toISOString();
const MINUTE = 60_000;

/** A transport double: records what it is handed and fails while told to. */
export class RecordingDelivery implements LetterDelivery {
  readonly handed: string[] = [];
  failure: Error | undefined;

  async deliver(letter: Letter): Promise<DeliveryReceipt> {
    this.handed.push(letter.letterId);
    if (this.failure) throw this.failure;
    return { transportId: `t-${letter.letterId}` };
  }
}

/** A transport that holds every hand-over until the test releases it. */
export class GatedDelivery implements LetterDelivery {
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

/**
 * The behaviour every LetterOutbox adapter shows: idempotent store, conflicts, order, delivery
 * runs with failures, backoff, claims and their leases, what is pending, and the transport's
 * prepare. Run it with `describeLetterOutboxContract('<adapter>', factory)` from a spec file.
 */
export function describeLetterOutboxContract(name: string, factory: LetterOutboxFactory): void {
  describe(`LetterOutbox contract: ${name}`, () => {
    let harness: LetterOutboxHarness;
    const open: LetterOutbox[] = [];
    const openOutbox = async (options?: LetterOutboxContractOptions): Promise<LetterOutbox> => {
      const outbox = await harness.open(options);
      open.push(outbox);
      return outbox;
    };

    beforeEach(async () => {
      harness = await factory();
    });

    afterEach(async () => {
      for (const outbox of open.splice(0)) await outbox.close();
      await harness.cleanup();
    });

    describeBounceContract(() => openOutbox());

    describe('storing letters', () => {
      it('given a new letter, when stored, then it is pending with its text', async () => {
        const outbox = await openOutbox();
        const letter = aLetter();

        expect(await outbox.store(letter)).toBe('stored');
        expect(await outbox.letter(letter.letterId)).toEqual({ ...letter, delivery: { state: 'pending', attempts: 0 } });
      });

      it('given no letter under an id, when it is read, then there is none', async () => {
        const outbox = await openOutbox();

        expect(await outbox.letter(aLetter().letterId)).toBeUndefined();
      });

      it('given a stored letter, when the same letter is stored again, then nothing changes', async () => {
        const outbox = await openOutbox();
        const letter = aLetter();
        await outbox.store(letter);
        await outbox.deliverPending(new RecordingDelivery(), { now: T0 });

        expect(await outbox.store({ ...letter })).toBe('already-stored');
        expect(await outbox.lettersOf('ACME-1')).toHaveLength(1);
        expect((await outbox.letter(letter.letterId))?.delivery.state).toBe('delivered');
      });

      it('given a stored letter, when a different text is stored under its id, then it is refused and the first kept', async () => {
        const outbox = await openOutbox();
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

      it('given a letter with HTML, when stored, then the HTML is kept and a re-render with other HTML is the same letter', async () => {
        const outbox = await openOutbox();
        const letter = aLetter({ html: '<p>Invoice INV-1 is open.</p>' });
        await outbox.store(letter);

        expect(await outbox.letter(letter.letterId)).toMatchObject({ html: '<p>Invoice INV-1 is open.</p>' });
        expect(await outbox.store({ ...letter, html: '<p>rendered again</p>' })).toBe('already-stored');
        await expect(outbox.store({ ...letter, invoiceIds: ['INV-1', 'INV-2'] })).rejects.toMatchObject({
          differingFields: ['invoiceIds'],
        });
      });

      it('given a letter with its own Reply-To address, when stored, then it keeps it; a letter without one has none', async () => {
        const outbox = await openOutbox();
        const withReply = aLetter({ level: 2, replyTo: `reply+${aLetter({ level: 2 }).letterId}@replies.acme.example` });
        await outbox.store(aLetter());
        await outbox.store(withReply);

        expect(await outbox.letter(withReply.letterId)).toEqual({ ...withReply, delivery: { state: 'pending', attempts: 0 } });
        expect(await outbox.letter(aLetter().letterId)).not.toHaveProperty('replyTo');
        const handed = new RecordingDelivery();
        await outbox.deliverPending(handed, { now: T0 });
        expect((await outbox.lettersOf('ACME-1')).map((letter) => letter.replyTo)).toEqual([undefined, withReply.replyTo]);
      });

      it("given staff mail about a customer, when the customer's letters are listed, then it is not among them, yet it is stored and delivered", async () => {
        const outbox = await openOutbox();
        const letter = aLetter();
        const staffMail = aLetter({
          letterId: letterIdFor('ACME-1', 'dispute_reminder', 'D-1:2024-02-26'),
          kind: 'dispute_reminder',
          level: 0,
          tone: 'internal',
          to: 'logistics@acme.example',
          subject: 'Dispute D-1 of ACME-1 is 1 day past its target date',
        });
        await outbox.store(staffMail);
        await outbox.store(letter);

        expect((await outbox.lettersOf('ACME-1')).map((stored) => stored.letterId)).toEqual([letter.letterId]);
        const delivery = new RecordingDelivery();
        await outbox.deliverPending(delivery, { now: T0 });
        expect(delivery.handed).toEqual([staffMail.letterId, letter.letterId]);
        expect(await outbox.letter(staffMail.letterId)).toMatchObject({ kind: 'dispute_reminder', delivery: { state: 'delivered' } });
      });

      it('given one letter stored by two outboxes at once (two processes), then one stores it and the other finds it', async () => {
        const [api, engine] = [await openOutbox(), await openOutbox()];
        const letter = aLetter();

        const outcomes = await Promise.all([api.store(letter), engine.store({ ...letter })]);

        expect(outcomes.sort()).toEqual(['already-stored', 'stored']);
        expect(await api.lettersOf('ACME-1')).toHaveLength(1);
      });

      it('given letters of several customers, when listed, then a customer gets theirs by sent date, then as stored', async () => {
        const outbox = await openOutbox();
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

      it('given letters of one date stored by two outboxes in turn, when listed, then they are in the order they were stored', async () => {
        const [first, second] = [await openOutbox(), await openOutbox()];
        const levels = [5, 2, 7, 1, 4, 3, 6];
        for (const [i, level] of levels.entries()) await (i % 2 === 0 ? first : second).store(aLetter({ level }));

        expect((await second.lettersOf('ACME-1')).map((letter) => letter.level)).toEqual(levels);
        expect((await first.lettersOf('ACME-1')).map((letter) => letter.level)).toEqual(levels);
      });

      it('given stored and delivered letters, when the outbox is reopened, then letters, texts and states are all there', async () => {
        const first = await openOutbox();
        const delivered = aLetter({ level: 1 });
        const pending = aLetter({ level: 2, channel: 'letter', to: undefined, text: 'Zweite Mahnung – ü\n' });
        await first.store(delivered);
        await first.deliverPending(new RecordingDelivery(), { now: T0 });
        await first.store(pending);
        await first.close();

        const reopened = await openOutbox();
        expect(await reopened.lettersOf('ACME-1')).toEqual([
          {
            ...delivered,
            delivery: { state: 'delivered', attempts: 0, lastAttemptAt: T0, deliveredAt: T0, transportId: `t-${delivered.letterId}` },
          },
          { ...pending, delivery: { state: 'pending', attempts: 0 } },
        ]);
        expect(await reopened.store(delivered)).toBe('already-stored');
      });

      it('given a closed outbox, when it is used, then it refuses', async () => {
        const outbox = await openOutbox();
        await outbox.close();

        await expect(outbox.store(aLetter())).rejects.toThrow(/closed/);
        await expect(outbox.lettersOf('ACME-1')).rejects.toThrow(/closed/);
      });
    });

    describe('delivering pending letters', () => {
      it('given pending letters, when delivered, then each is handed over once, in order, and marked with when and the transport id', async () => {
        const outbox = await openOutbox();
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

      it('given letters stored out of date order, when delivered, then they go in the order they were stored', async () => {
        const outbox = await openOutbox();
        const letters = [aLetter({ level: 3, sentOn: '2024-03-05' }), aLetter({ level: 1, sentOn: '2024-02-01' }), aLetter({ level: 2 })];
        for (const letter of letters) await outbox.store(letter);
        const delivery = new RecordingDelivery();

        await outbox.deliverPending(delivery, { now: T0 });

        expect(delivery.handed).toEqual(letters.map((letter) => letter.letterId));
      });

      it('given a limit, when delivered, then only that many go in the run and the rest in the next', async () => {
        const outbox = await openOutbox();
        for (const level of [1, 2, 3]) await outbox.store(aLetter({ level }));
        const delivery = new RecordingDelivery();

        expect((await outbox.deliverPending(delivery, { now: T0, limit: 2 })).delivered).toHaveLength(2);
        expect((await outbox.deliverPending(delivery, { now: T0, limit: 2 })).delivered).toHaveLength(1);
        expect(new Set(delivery.handed).size).toBe(3);
      });

      it('given a limit that is not a positive whole number, when delivering, then it is refused before anything is handed over', async () => {
        const outbox = await openOutbox();
        await outbox.store(aLetter());
        const delivery = new RecordingDelivery();

        await expect(outbox.deliverPending(delivery, { now: T0, limit: 0 })).rejects.toThrow(RangeError);
        await expect(outbox.deliverPending(delivery, { now: T0, limit: 1.5 })).rejects.toThrow(RangeError);
        expect(delivery.handed).toEqual([]);
      });

      it('given a failing transport, when delivered, then the letter stays pending with the error, the attempt and the next attempt time', async () => {
        const outbox = await openOutbox();
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
        const outbox = await openOutbox();
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

      it('given a retry schedule, when a letter fails, then its next attempt follows that schedule', async () => {
        const outbox = await openOutbox({ retry: { firstDelayMs: 1_000, maxDelayMs: 3_000 } });
        await outbox.store(aLetter());
        const delivery = new RecordingDelivery();
        delivery.failure = new Error('down');

        const first = await outbox.deliverPending(delivery, { now: T0 });
        const second = await outbox.deliverPending(delivery, { now: after(1_000) });
        const third = await outbox.deliverPending(delivery, { now: after(3_000) });

        expect([first, second, third].map((run) => run.failed[0]?.nextAttemptAt)).toEqual([after(1_000), after(3_000), after(6_000)]);
      });

      it('given one letter fails, when delivered, then the letters after it still go', async () => {
        const outbox = await openOutbox();
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

      it('given a transport that returns no transport id, when delivered, then the letter fails and stays pending', async () => {
        const outbox = await openOutbox();
        const letter = aLetter();
        await outbox.store(letter);
        const delivery = { deliver: async () => ({}) } as unknown as LetterDelivery;

        const run = await outbox.deliverPending(delivery, { now: T0 });

        expect(run.failed).toEqual([
          { letterId: letter.letterId, attempts: 1, error: 'the delivery returned no transport id', nextAttemptAt: after(MINUTE) },
        ]);
        expect((await outbox.letter(letter.letterId))?.delivery.state).toBe('pending');
      });

      it('given a very long error, when recorded, then it is cut to 2000 characters and an ellipsis', async () => {
        const outbox = await openOutbox();
        const letter = aLetter();
        await outbox.store(letter);
        const delivery = new RecordingDelivery();
        delivery.failure = new Error('x'.repeat(5_000));

        await outbox.deliverPending(delivery, { now: T0 });

        expect((await outbox.letter(letter.letterId))?.delivery.lastError).toBe(`${'x'.repeat(2_000)}…`);
      });

      it('given two runs at once on the same outbox storage (two processes), when delivered, then each letter is handed over once', async () => {
        const [api, cli] = [await openOutbox(), await openOutbox()];
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
        const crashed = await openOutbox();
        const letter = aLetter();
        await crashed.store(letter);
        const hung = new GatedDelivery();
        const hungRun = crashed.deliverPending(hung, { now: T0 });
        await hung.waitForHandOver();

        const delivery = new RecordingDelivery();
        const during = await (await openOutbox()).deliverPending(delivery, { now: after(9 * MINUTE) });
        const lapsed = await (await openOutbox()).deliverPending(delivery, { now: after(10 * MINUTE) });

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

      it('given a run whose claim lapsed while its hand-over failed, when it records the failure, then the run that took the letter over keeps it', async () => {
        const slow = await openOutbox({ claimMs: MINUTE });
        const letter = aLetter();
        await slow.store(letter);
        let fail: ((error: Error) => void) | undefined;
        let handedOver!: () => void;
        const arrived = new Promise<void>((resolve) => (handedOver = resolve));
        const failing: LetterDelivery = {
          deliver: () =>
            new Promise((_, reject) => {
              fail = reject;
              handedOver();
            }),
        };
        const slowRun = slow.deliverPending(failing, { now: T0 });
        await arrived;

        const gated = new GatedDelivery();
        const takeover = (await openOutbox({ claimMs: MINUTE })).deliverPending(gated, { now: after(MINUTE) });
        await gated.waitForHandOver();
        fail?.(new Error('timed out'));
        await slowRun;
        gated.releaseAll();

        expect((await takeover).delivered).toEqual([{ letterId: letter.letterId, transportId: 'gated' }]);
        expect((await slow.letter(letter.letterId))?.delivery).toEqual({
          state: 'delivered',
          attempts: 0,
          lastAttemptAt: after(MINUTE),
          deliveredAt: after(MINUTE),
          transportId: 'gated',
        });
      });

      it('given nothing pending, when asked what is waiting, then nothing is', async () => {
        const outbox = await openOutbox();
        expect(await outbox.pendingLetters(T0)).toEqual({ pending: 0, claimed: 0 });

        await outbox.store(aLetter());
        await outbox.deliverPending(new RecordingDelivery(), { now: T0 });
        expect(await outbox.pendingLetters(T0)).toEqual({ pending: 0, claimed: 0 });
      });

      it('given letters of several channels, one delivered and one failed, when asked what is pending by channel, then every undelivered letter counts under its channel', async () => {
        const outbox = await openOutbox();
        expect(await outbox.pendingByChannel()).toEqual({});
        const [email, failing, post, sms] = [
          aLetter({ level: 1, channel: 'email' }),
          aLetter({ level: 2, channel: 'email' }),
          aLetter({ level: 3, channel: 'letter' }),
          aLetter({ level: 4, channel: 'sms' }),
        ];
        for (const letter of [email, failing, post, sms]) await outbox.store(letter);
        await outbox.deliverPending(
          {
            deliver: async (letter) => {
              if (letter.letterId === failing.letterId) throw new Error('ESOCKET: Connection refused');
              return { transportId: `t-${letter.letterId}` };
            },
          },
          { now: T0, limit: 2 },
        );

        // The failed e-mail waits for its retry and still counts; the delivered one does not.
        expect(await outbox.pendingByChannel()).toEqual({ email: 1, letter: 1, sms: 1 });
      });

      it('given a run that died holding a letter, when the next run asks what is waiting, then the letter counts as claimed until its lease lapses', async () => {
        const crashed = await openOutbox();
        const [held, failing] = [aLetter(), aLetter({ level: 2 })];
        await crashed.store(held);
        const hung = new GatedDelivery();
        const hungRun = crashed.deliverPending(hung, { now: T0, limit: 1 });
        await hung.waitForHandOver();
        const rerun = await openOutbox();
        await rerun.store(failing);

        expect(await rerun.pendingLetters(after(MINUTE))).toEqual({ pending: 2, claimed: 1, claimedUntil: after(10 * MINUTE) });
        expect(await rerun.pendingLetters(after(10 * MINUTE))).toEqual({ pending: 2, claimed: 0 });
        hung.releaseAll();
        await hungRun;
      });

      it('given claims of several lengths, when asked what is waiting, then the last lease to lapse is reported', async () => {
        const [short, long] = [await openOutbox({ claimMs: MINUTE }), await openOutbox({ claimMs: 5 * MINUTE })];
        await short.store(aLetter({ level: 1 }));
        await short.store(aLetter({ level: 2 }));
        const hung = new GatedDelivery();
        const runs = [short.deliverPending(hung, { now: T0, limit: 1 })];
        await hung.waitForHandOver();
        runs.push(long.deliverPending(hung, { now: T0, limit: 1 }));
        while (hung.handed.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));

        expect(await short.pendingLetters(T0)).toEqual({ pending: 2, claimed: 2, claimedUntil: after(5 * MINUTE) });
        expect(await short.pendingLetters(after(MINUTE))).toEqual({ pending: 2, claimed: 1, claimedUntil: after(5 * MINUTE) });
        hung.releaseAll();
        await Promise.all(runs);
        expect(await long.pendingLetters(T0)).toEqual({ pending: 0, claimed: 0 });
      });

      it('given a run, when it starts, then the transport is prepared before any letter, even when nothing is due', async () => {
        const outbox = await openOutbox();
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
        const outbox = await openOutbox();
        await outbox.store(aLetter());
        const delivery = new RecordingDelivery();

        await expect(outbox.deliverPending(delivery, { now: 'yesterday' })).rejects.toThrow(RangeError);
        expect(delivery.handed).toEqual([]);
      });

      it('given instants in another offset, when delivering, then they are the same instants', async () => {
        const outbox = await openOutbox();
        const letter = aLetter();
        await outbox.store(letter);
        const delivery = new RecordingDelivery();
        delivery.failure = new Error('down');
        await outbox.deliverPending(delivery, { now: '2024-02-20T10:00:00+01:00' });
        delivery.failure = undefined;

        expect((await outbox.deliverPending(delivery, { now: '2024-02-20T10:00:59.999+01:00' })).delivered).toEqual([]);
        expect((await outbox.deliverPending(delivery, { now: '2024-02-20T10:01:00+01:00' })).delivered).toHaveLength(1);
        expect((await outbox.letter(letter.letterId))?.delivery.deliveredAt).toBe(after(MINUTE));
      });
    });
  });
}
