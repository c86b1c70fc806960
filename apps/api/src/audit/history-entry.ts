import { BusinessDate } from '@collections/domain';
import { RecordedEvent } from '@collections/event-store';
import { HistoryEntry, HistoryEventMetadata } from './history-responses';

/** What stands in a customer's reply for whoever may not read replies. */
export const WITHHELD_REPLY = '(withheld: only managers, collectors and auditors read replies)';

/** Who reads the history: `readsReplies` when the role may read customers' replies (ReadReplies). */
export interface HistoryReader {
  readsReplies: boolean;
}

const EVERY_READER: HistoryReader = { readsReplies: true };

/**
 * A reply's sender, subject, text and file names, for those who may read replies; for others the
 * same event with those withheld (an analyst sees that a reply came, not what it says). Nothing
 * else is ever changed.
 */
function dataFor(event: RecordedEvent, reader: HistoryReader): Record<string, unknown> {
  if (event.type !== 'CustomerReplied' || reader.readsReplies) return event.data;
  const attachments = Array.isArray(event.data.attachments) ? (event.data.attachments as Record<string, unknown>[]) : [];
  return {
    ...event.data,
    from: WITHHELD_REPLY,
    subject: WITHHELD_REPLY,
    text: WITHHELD_REPLY,
    attachments: attachments.map((attachment) => ({ ...attachment, name: WITHHELD_REPLY })),
  };
}

/**
 * A recorded event as the auditor's replay shows it: as stored, its metadata (the chain's hash
 * included) untouched; only a reply's words are withheld from a reader who may not read replies.
 */
export const historyEntry = (event: RecordedEvent, reader: HistoryReader = EVERY_READER): HistoryEntry => ({
  eventId: event.id,
  revision: event.revision,
  position: event.position,
  type: event.type,
  data: dataFor(event, reader),
  // Metadata is stored as JSON, as the command side wrote it (CollectionEventMetadata).
  metadata: event.metadata as HistoryEventMetadata,
  occurredAt: event.metadata.occurredAt as BusinessDate,
  recordedAt: event.metadata.recordedAt as string,
});

/** The history as JSON Lines, one history entry a line: the export's `format=jsonl` and the evidence pack's history.jsonl. */
export const historyJsonLines = (events: readonly RecordedEvent[], reader: HistoryReader = EVERY_READER): string =>
  events.map((event) => `${JSON.stringify(historyEntry(event, reader))}\n`).join('');
