import { BusinessDate } from './business-date';

/**
 * Where "now" comes from. The domain never reads the wall clock: the shell asks a Clock and
 * passes dates into commands, so tests and simulations can set the time.
 */
export interface Clock {
  /** The current instant, ISO 8601 in UTC. */
  now(): string;
  /** The current business date (the UTC calendar day of `now`). */
  today(): BusinessDate;
}

/** A clock that says what it is told: for tests, simulations and replays. */
export class SettableClock implements Clock {
  constructor(private instant: string) {}

  now(): string {
    return this.instant;
  }

  today(): BusinessDate {
    return this.instant.slice(0, 10);
  }

  set(instant: string): void {
    this.instant = instant;
  }
}
