import type { EventStore } from '@collections/event-store';
import { ChainBreak, StreamChainCheck, StreamVerification } from './chain-verification';

/** What an anchor recorded of a stream: its last revision and that event's hash. */
export interface AnchoredHead {
  streamId: string;
  revision: number;
  hash: string;
}

export interface StoreVerification {
  /** Every stream the store holds (and every stream the anchor names), by stream id. */
  streams: StreamVerification[];
  /** Every stream's first break, in the order the store holds them (anchor findings last). */
  breaks: ChainBreak[];
  events: number;
  /** The store's last global position; undefined for an empty store. */
  position: number | undefined;
}

const PAGE_SIZE = 2_000;

/**
 * Verifies every stream's chain in one pass over the store in global order, through the port, so
 * it reads the same on SQLite and EventStoreDB; with `anchoredHeads`, also that each stream still
 * holds the anchored revision with the anchored hash.
 */
export async function verifyStore(store: EventStore, anchoredHeads: readonly AnchoredHead[] = []): Promise<StoreVerification> {
  const anchored = new Map(anchoredHeads.map((head) => [head.streamId, head]));
  const checks = new Map<string, StreamChainCheck>();
  const checkOf = (streamId: string): StreamChainCheck => {
    let check = checks.get(streamId);
    if (!check) {
      check = new StreamChainCheck(streamId, anchored.get(streamId)?.revision);
      checks.set(streamId, check);
    }
    return check;
  };
  const breaks: ChainBreak[] = [];
  let events = 0;
  let position: number | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: position === undefined ? 'start' : position + 1, maxCount: PAGE_SIZE });
    for (const event of page) {
      events++;
      position = event.position;
      const check = checkOf(event.streamId);
      if (!check.add(event) && !breaks.some((found) => found.streamId === event.streamId)) breaks.push(check.result().broken as ChainBreak);
    }
    if (page.length < PAGE_SIZE) break;
  }
  for (const head of anchoredHeads) {
    const check = checkOf(head.streamId);
    const before = check.result().broken;
    check.checkAnchoredHead(head.revision, head.hash);
    const after = check.result().broken;
    if (before === undefined && after !== undefined) breaks.push(after);
  }
  const streams = [...checks.values()].map((check) => check.result()).sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  return { streams, breaks, events, position };
}

/** The store's last global position (what an anchor records); undefined for an empty store. */
export async function lastPositionOf(store: EventStore): Promise<number | undefined> {
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
  return last?.position;
}

/** One stream's chain (and, with `anchoredHead`, the anchor's record of it): what the api's verification answers. */
export async function verifyStream(store: EventStore, streamId: string, anchoredHead?: AnchoredHead): Promise<StreamVerification> {
  const check = new StreamChainCheck(streamId, anchoredHead?.revision);
  let from = 0;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: PAGE_SIZE });
    for (const event of page) if (!check.add(event)) return check.result();
    if (page.length < PAGE_SIZE) break;
    from = page[page.length - 1].revision + 1;
  }
  if (anchoredHead) check.checkAnchoredHead(anchoredHead.revision, anchoredHead.hash);
  return check.result();
}
