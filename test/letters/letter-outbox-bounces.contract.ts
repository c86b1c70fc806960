import { LetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { GatedDelivery, RecordingDelivery } from './letter-outbox.contract';

const T0 = '2024-02-20T09:00:00.000Z';
const LATER = '2024-02-21T08:30:00.000Z';
const REASON = 'bounced: 5.1.1 smtp; 550 5.1.1 User unknown';

/**
 * Bounces, part of the LetterOutbox contract (describeLetterOutboxContract runs it on every
 * adapter): a letter the customer's mail server returned is `failed` for good, with the reason.
 */
export function describeBounceContract(openOutbox: () => Promise<LetterOutbox>): void {
  describe('marking returned letters failed', () => {
    it('given a delivered letter, when it bounces, then it is failed with when and why, and listed so', async () => {
      const outbox = await openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      await outbox.deliverPending(new RecordingDelivery(), { now: T0 });

      expect(await outbox.markBounced(letter.letterId, { at: LATER, reason: REASON })).toBe('marked');

      expect((await outbox.letter(letter.letterId))?.delivery).toEqual({
        state: 'failed',
        attempts: 0,
        lastError: REASON,
        lastAttemptAt: T0,
        deliveredAt: T0,
        transportId: `t-${letter.letterId}`,
        failedAt: LATER,
      });
      expect((await outbox.lettersOf('ACME-1')).map((stored) => stored.delivery.state)).toEqual(['failed']);
    });

    it('given a failed letter, when it bounces again, then the first bounce stands', async () => {
      const outbox = await openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      await outbox.markBounced(letter.letterId, { at: T0, reason: REASON });

      expect(await outbox.markBounced(letter.letterId, { at: LATER, reason: 'another reason' })).toBe('already-failed');
      expect((await outbox.letter(letter.letterId))?.delivery).toMatchObject({ state: 'failed', failedAt: T0, lastError: REASON });
    });

    it('given no letter under an id, when a bounce names it, then it is unknown and nothing is stored', async () => {
      const outbox = await openOutbox();

      expect(await outbox.markBounced(aLetter().letterId, { at: T0, reason: REASON })).toBe('unknown');
      expect(await outbox.lettersOf('ACME-1')).toEqual([]);
    });

    it('given a pending letter that bounced (an earlier hand-over that was not recorded), then no run hands it over again', async () => {
      const outbox = await openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      await outbox.markBounced(letter.letterId, { at: T0, reason: REASON });
      const delivery = new RecordingDelivery();

      expect(await outbox.deliverPending(delivery, { now: LATER })).toEqual({ delivered: [], failed: [] });
      expect(delivery.handed).toEqual([]);
      expect(await outbox.pendingLetters(LATER)).toEqual({ pending: 0, claimed: 0 });
    });

    it('given a letter being handed over when it bounces, then the hand-over records nothing over the bounce', async () => {
      const outbox = await openOutbox();
      const letter = aLetter();
      await outbox.store(letter);
      const gated = new GatedDelivery();
      const run = outbox.deliverPending(gated, { now: T0 });
      await gated.waitForHandOver();

      await outbox.markBounced(letter.letterId, { at: T0, reason: REASON });
      gated.releaseAll();
      await run;

      expect((await outbox.letter(letter.letterId))?.delivery).toMatchObject({ state: 'failed', lastError: REASON });
    });

    it('given a bounce time that is not an instant, then it is refused', async () => {
      const outbox = await openOutbox();
      const letter = aLetter();
      await outbox.store(letter);

      await expect(outbox.markBounced(letter.letterId, { at: 'yesterday', reason: REASON })).rejects.toThrow(RangeError);
      expect((await outbox.letter(letter.letterId))?.delivery.state).toBe('pending');
    });
  });
}
