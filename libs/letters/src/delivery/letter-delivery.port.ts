import { Letter } from '../letter';

/** What a transport says it did with a letter: its own id for it (a file name, an SMTP reply). */
export interface DeliveryReceipt {
  transportId: string;
}

/**
 * Hands one letter to a transport. It resolves once the transport has accepted the letter and
 * rejects if it did not; the outbox calls it and records which. A transport may be handed the
 * same letter again (see the outbox's at-least-once note), so each adapter makes a repeat
 * harmless: the file adapter writes a letter's file once, the SMTP adapter sends it with the
 * same Message-ID.
 */
export interface LetterDelivery {
  deliver(letter: Letter): Promise<DeliveryReceipt>;
  /**
   * Called by the outbox at the start of every delivery run, before any letter and even when
   * none is due: a transport tidies up after a process that died mid-hand-over (the file
   * adapter removes the temporary files such a process left).
   */
  prepare?(): Promise<void>;
}
