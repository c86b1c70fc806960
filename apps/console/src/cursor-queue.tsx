import { Alert, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

/** A page of a queue: its items, and the cursor of the next page (absent on the last). */
export interface QueuePage<T> {
  items: T[];
  next?: string;
}

export interface CursorQueue<T> {
  /** Every item read so far; undefined while the first page is on its way; the error to show. */
  items: T[] | Error | undefined;
  /** Whether the queue goes on after the items read. */
  more: boolean;
  loadingMore: boolean;
  /** Reads the next page (`after` the last cursor) and adds it. */
  loadMore(): void;
  /**
   * Reads the queue again from its start, as far as it was read, until `settled` says the change
   * just recorded shows (the read models follow the store a moment later), at most about 2 s.
   */
  readAgain(settled?: (items: T[]) => boolean): Promise<void>;
}

/** How often, and how many times, the queue is read again after a change until it shows. */
const RECHECK_MS = 100;
const RECHECKS = 20;

/**
 * A queue read a page at a time with a cursor (GET /cash/unapplied, /cash/unidentified, /replies): items
 * leave the queue as people work it, so "more" continues after the last item read, never at a
 * page number. New `deps` start from the first page.
 */
export function useCursorQueue<T>(readPage: (after: string | undefined) => Promise<QueuePage<T>>, deps: DependencyList): CursorQueue<T> {
  const [items, setItems] = useState<T[] | Error>();
  const [next, setNext] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const read = useRef(readPage);
  read.current = readPage;
  // Answers to reads for earlier deps are dropped.
  const generation = useRef(0);

  useEffect(() => {
    const current = (generation.current += 1);
    setItems(undefined);
    setNext(undefined);
    read.current(undefined).then(
      (page) => {
        if (current !== generation.current) return;
        setItems(page.items);
        setNext(page.next);
      },
      (error: unknown) => current === generation.current && setItems(error instanceof Error ? error : new Error(String(error))),
    );
    // The caller names what the read depends on, as with useEffect.
  }, deps);

  const loadMore = useCallback(() => {
    if (next === undefined || loadingMore) return;
    const current = generation.current;
    setLoadingMore(true);
    read
      .current(next)
      .then(
        (page) => {
          if (current !== generation.current) return;
          setItems((shown) => [...(Array.isArray(shown) ? shown : []), ...page.items]);
          setNext(page.next);
        },
        (error: unknown) => current === generation.current && setItems(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => setLoadingMore(false));
  }, [next, loadingMore]);

  const shownCount = Array.isArray(items) ? items.length : 0;
  const readAgain = useCallback(
    async (settled: (items: T[]) => boolean = () => true) => {
      const current = generation.current;
      let fresh: QueuePage<T> | undefined;
      for (let attempt = 0; attempt < RECHECKS; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
        try {
          fresh = await readAsFar(read.current, shownCount);
        } catch {
          continue;
        }
        if (settled(fresh.items)) break;
      }
      if (fresh === undefined || current !== generation.current) return;
      setItems(fresh.items);
      setNext(fresh.next);
    },
    [shownCount],
  );

  return { items, more: next !== undefined, loadingMore, loadMore, readAgain };
}

/** The queue from its start, page after page, until it holds `count` items or ends. */
async function readAsFar<T>(readPage: (after: string | undefined) => Promise<QueuePage<T>>, count: number): Promise<QueuePage<T>> {
  let page = await readPage(undefined);
  const items = [...page.items];
  while (items.length < count && page.next !== undefined) {
    page = await readPage(page.next);
    items.push(...page.items);
  }
  return { items, next: page.next };
}

/** What a queue shows while it is read, when it failed, and when it is empty; nothing once it has items. */
export function QueueStatus<T>({ queue, empty, what }: { queue: CursorQueue<T>; empty: string; what: string }) {
  if (queue.items === undefined) return <Text>Loading {what}…</Text>;
  if (queue.items instanceof Error) return <Alert color="red">{queue.items.message}</Alert>;
  if (queue.items.length === 0) return <Text>{empty}</Text>;
  return null;
}

/** "Load more", while the queue goes on after what was read. */
export function LoadMore<T>({ queue, what }: { queue: CursorQueue<T>; what: string }) {
  if (!queue.more) return null;
  return (
    <Group>
      <Button variant="default" loading={queue.loadingMore} onClick={queue.loadMore}>
        Load more
        <VisuallyHidden> {what}</VisuallyHidden>
      </Button>
    </Group>
  );
}
