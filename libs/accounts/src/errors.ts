import { DomainError } from '@collections/domain';

/** An optimistic-concurrency conflict that bounded retries could not get past. */
export class ConcurrencyConflictError extends Error {
  /** `subject`: what was changed meanwhile, as a sentence names it ("Customer C-1", "Unidentified payment P-9"). */
  constructor(subject: string, attempts: number) {
    super(`${subject} was changed by others ${attempts} times while this command ran; try again`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** The same Idempotency-Key came with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor(key: string) {
    super(`Idempotency-Key "${key}" was already used for a different request on this customer`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * A refusal of one customer's command: the business rules said no (DomainError), others kept
 * changing the account, or the key names a different request. It concerns that customer alone,
 * so whoever sends commands for many (the policy engine, its sagas) reports it and goes on;
 * anything else (the store failing) stops them.
 */
export function isCommandRefusal(error: unknown): error is DomainError | ConcurrencyConflictError | IdempotencyKeyReusedError {
  return error instanceof DomainError || error instanceof ConcurrencyConflictError || error instanceof IdempotencyKeyReusedError;
}
