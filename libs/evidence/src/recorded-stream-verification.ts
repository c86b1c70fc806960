import type { RecordedEvent } from '@collections/event-store';
import { StreamChainCheck, StreamVerification } from './chain-verification';
import type { AnchoredHead } from './store-verification';

/**
 * One stream's chain checked from events already read, as `verifyStream` checks it from the store
 * (the same check, event by event, and the anchor's head after). For a caller that must describe
 * one read of the stream in several ways — the evidence pack's history, states and verification —
 * so that nothing appended in between makes them disagree.
 */
export function verifyRecordedStream(streamId: string, events: Iterable<RecordedEvent>, anchoredHead?: AnchoredHead): StreamVerification {
  const check = new StreamChainCheck(streamId, anchoredHead?.revision);
  for (const event of events) if (!check.add(event)) return check.result();
  if (anchoredHead) check.checkAnchoredHead(anchoredHead.revision, anchoredHead.hash);
  return check.result();
}
