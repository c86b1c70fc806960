import type { StoredEvent } from './event-log';
import type { streams } from './protocol';

/** Which events a read or subscription of $all keeps. */
export type EventSelector = (event: StoredEvent) => boolean;

export const everyEvent: EventSelector = () => true;

/**
 * EventStoreDB's server-side filter: on the stream name or on the event type, by a regular
 * expression (unanchored, as .NET's Regex.IsMatch) when one is given, else by any of the prefixes.
 */
export function toEventSelector(options: streams.ReadReq.Options.FilterOptions): EventSelector {
  const onStreamName = options.hasStreamIdentifier();
  const expression = onStreamName ? options.getStreamIdentifier() : options.getEventType();
  const regex = expression?.getRegex() ?? '';
  const prefixes = expression?.getPrefixList() ?? [];
  const pattern = regex === '' ? undefined : new RegExp(regex);
  const matches = pattern ? (value: string) => pattern.test(value) : (value: string) => prefixes.some((prefix) => value.startsWith(prefix));
  return onStreamName ? (event) => matches(event.streamId) : (event) => matches(event.type);
}

/** The default search window when the client sets none ("count"): the server's read batch size. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * A filtered subscription reports a checkpoint each time this many events have been considered
 * (matching or not), so a client can resume past a long run of filtered-out events.
 */
export function checkpointInterval(options: streams.ReadReq.Options.FilterOptions): number {
  const window = options.hasMax() ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  return Math.max(1, options.getCheckpointintervalmultiplier()) * Math.max(1, window);
}
