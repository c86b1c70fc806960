import { BusinessDate } from '@collections/domain';
import { RecordedEvent } from '@collections/event-store';
import { HistoryEntry, HistoryEventMetadata } from './history-responses';

/** A recorded event as the auditor's replay shows it: as stored, its metadata (the chain's hash included) untouched. */
export const historyEntry = (event: RecordedEvent): HistoryEntry => ({
  eventId: event.id,
  revision: event.revision,
  position: event.position,
  type: event.type,
  data: event.data,
  // Metadata is stored as JSON, as the command side wrote it (CollectionEventMetadata).
  metadata: event.metadata as HistoryEventMetadata,
  occurredAt: event.metadata.occurredAt as BusinessDate,
  recordedAt: event.metadata.recordedAt as string,
});

/** The history as JSON Lines, one history entry a line: the export's `format=jsonl` and the evidence pack's history.jsonl. */
export const historyJsonLines = (events: readonly RecordedEvent[]): string =>
  events.map((event) => `${JSON.stringify(historyEntry(event))}\n`).join('');
