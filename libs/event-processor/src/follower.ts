import { EventHandler } from './event-handler';

/** A handler as the processor follows it. */
export interface Follower {
  handler: EventHandler;
  /** The position of the last event it handled (committed with its checkpoint); 0 for none. */
  position: number;
  types: ReadonlySet<string> | undefined;
  /** Set while it reads on its own, behind the shared reader. */
  catchingUp?: Promise<void>;
  failure?: unknown;
}

/** The event types the followers handle, when every one of them names its types; otherwise no filter. */
export function typesFilter(followers: readonly Follower[]): { eventTypes?: string[] } {
  if (followers.length === 0 || !followers.every((follower) => follower.types)) return {};
  return { eventTypes: [...new Set(followers.flatMap((follower) => [...follower.types!]))] };
}

/** Whether a reader of `read` types (undefined: all) hands a handler of `handled` types (undefined: all) all it needs. */
export function covers(read: ReadonlySet<string> | undefined, handled: ReadonlySet<string> | undefined): boolean {
  return read === undefined || (handled !== undefined && [...handled].every((type) => read.has(type)));
}
