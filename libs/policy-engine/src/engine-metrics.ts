import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@collections/accounts';
import { DomainError, DomainErrorCode, ReminderChannel } from '@collections/domain';
import type { CashPauseReason } from '@collections/policy';
import type { DeliveryReceipt, Letter, LetterDelivery } from '@collections/letters';

/** How a run for a business date ended: it went through every customer, or something (the store) stopped it. */
export type PolicyRunOutcome = 'completed' | 'failed';

/**
 * How the commands a run sent for one customer ended (one batch: all alike): appended, recorded
 * by an earlier run for the date (`replayed`), refused for that customer (`refused`), or the
 * store failed and stopped the run (`failed`).
 */
export type PolicyRunCommandResult = 'appended' | 'replayed' | 'refused' | 'failed';

/**
 * Why a run left a customer for the next one: the business rule's code, others kept changing the
 * account (`conflict`), a client had taken the engine's key (`idempotency-key-reused`), or the
 * policy could not be planned for the customer (`unplannable`: an override naming a policy never
 * recorded). A closed set, so it may be a label.
 */
export type PolicyRunRefusal = DomainErrorCode | 'conflict' | 'idempotency-key-reused' | 'unplannable';

/** What one run for a business date did, reported once it ended. */
export interface PolicyRunFigures {
  outcome: PolicyRunOutcome;
  /** Wall-clock time of the run (not the Clock's: a simulation's clock stands still). */
  seconds: number;
  /** Customers the policy was asked about: every customer in the book (up to where a failed run stopped). */
  customersExamined: number;
  /** Of those, the customers it asked something for. */
  customersPlanned: number;
}

/** How one hand-over of a letter to its transport ended: the transport took it, or did not (the letter waits for a retry). */
export type LetterHandOverResult = 'sent' | 'failed';

/**
 * What the policy engine reports to whoever counts (libs/metrics in the processes that host it):
 * its runs, the commands they sent and the customers refused, and each letter handed to a
 * transport. Like the command side's CommandMetrics it is optional: without it the no-op.
 */
export interface PolicyEngineMetrics {
  runSettled(run: PolicyRunFigures): void;
  /** `count` commands of `type` a run sent for one customer ended as `result`. */
  runCommandsSettled(type: string, result: PolicyRunCommandResult, count: number): void;
  /** A run left one customer for the next run, for `reason`. */
  runCustomerRefused(reason: PolicyRunRefusal): void;
  /**
   * The cash rules held back what a run would have done for one customer (`cash_to_apply`,
   * `unidentified_cash_waiting`): a closed set, so it may be a label.
   */
  runCustomerPaused(reason: CashPauseReason): void;
  /** One letter of `channel` was handed to its transport. */
  letterHandedOver(channel: ReminderChannel, result: LetterHandOverResult): void;
}

export const POLICY_ENGINE_METRICS = Symbol('PolicyEngineMetrics');

export const NO_POLICY_ENGINE_METRICS: PolicyEngineMetrics = {
  runSettled: () => undefined,
  runCommandsSettled: () => undefined,
  runCustomerRefused: () => undefined,
  runCustomerPaused: () => undefined,
  letterHandedOver: () => undefined,
};

/** The label of a command refusal (isCommandRefusal's errors); never the message, which names the customer. */
export function refusalReason(error: DomainError | ConcurrencyConflictError | IdempotencyKeyReusedError): PolicyRunRefusal {
  if (error instanceof DomainError) return error.code;
  return error instanceof ConcurrencyConflictError ? 'conflict' : 'idempotency-key-reused';
}

/**
 * The delivery as the letter writer hands letters to it, telling `metrics` how each hand-over
 * ended, by the letter's channel. It counts what the outbox counts as delivered: a receipt with a
 * transport id; a rejection, or a receipt without one, is a failure the outbox retries.
 */
export function meteredDelivery(delivery: LetterDelivery, metrics: PolicyEngineMetrics): LetterDelivery {
  if (metrics === NO_POLICY_ENGINE_METRICS) return delivery;
  return {
    async deliver(letter: Letter): Promise<DeliveryReceipt> {
      let receipt: DeliveryReceipt;
      try {
        receipt = await delivery.deliver(letter);
      } catch (error) {
        metrics.letterHandedOver(letter.channel, 'failed');
        throw error;
      }
      metrics.letterHandedOver(letter.channel, typeof receipt?.transportId === 'string' ? 'sent' : 'failed');
      return receipt;
    },
    prepare: () => delivery.prepare?.() ?? Promise.resolve(),
  };
}
