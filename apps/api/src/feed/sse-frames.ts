import { toCloudEvent } from '@collections/contracts';
import { RecordedEvent } from '@collections/event-store';

/** Why the server ended a stream; sent to the client in the last message. */
export type EndReason = 'caught-up' | 'slow-consumer' | 'shutdown' | 'error';

/**
 * An event as the feed sends it: `id:` its global position, `data:` its CloudEvents envelope
 * (JSON.stringify escapes line breaks, so that is one line). Undefined for what is not published.
 */
export function frameOf(event: RecordedEvent, source: string): string | undefined {
  const envelope = toCloudEvent(event, { source });
  return envelope && `id: ${event.position}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/** The last message of a stream the server ends: the id makes a browser's EventSource resume there, the data says so for everyone else. */
export const endFrame = (reason: EndReason, after: number): string =>
  `event: feed-ended\nid: ${after}\ndata: ${JSON.stringify({ reason, after: String(after) })}\n\n`;

export const HEARTBEAT_FRAME = ': heartbeat\n\n';
