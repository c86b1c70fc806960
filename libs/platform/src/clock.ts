import { Clock } from '@collections/domain';

export const CLOCK = Symbol('Clock');

/** The wall clock, read only here: the rest of the service asks the Clock port. */
export class SystemClock implements Clock {
  now(): string {
    return new Date().toISOString();
  }

  today(): string {
    return this.now().slice(0, 10);
  }
}
