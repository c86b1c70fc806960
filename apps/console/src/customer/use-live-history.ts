import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../live';
import { useSession } from '../session';
import type { HistoryEntry } from '../timeline';
import { dataOf } from '../use-answer';

/**
 * The customer's history, kept live: read whole once, then every second only what came after
 * the last event shown (`fromRevision`: revisions are gapless), which is nothing most of the time.
 * `onNewEvents` is told when more arrived, so that what is folded from them is read again.
 * Returns the history and a function that looks for new events at once.
 */
export function useLiveHistory(customerId: string, onNewEvents: () => void): [HistoryEntry[] | Error | undefined, () => void] {
  const { session } = useSession();
  const [history, setHistory] = useState<HistoryEntry[] | Error>();
  // The next revision to ask for, and whose: nothing until the whole history is read.
  const next = useRef<{ customerId: string; revision: number }>(undefined);

  useEffect(() => {
    let current = true;
    setHistory(undefined);
    next.current = undefined;
    session!.client
      .GET('/customers/{customerId}/history', { params: { path: { customerId } } })
      .then((answer) => dataOf(answer, 'The history could not be read.').events)
      .then(
        (events) => {
          if (!current) return;
          next.current = { customerId, revision: events.length === 0 ? 0 : events[events.length - 1].revision + 1 };
          setHistory(events);
        },
        (error: unknown) => current && setHistory(error instanceof Error ? error : new Error(String(error))),
      );
    return () => {
      current = false;
    };
  }, [session, customerId]);

  const pollNow = usePolling(
    async () => {
      const asked = next.current;
      if (asked === undefined || asked.customerId !== customerId) return;
      const fromRevision = asked.revision;
      const { events } = dataOf(
        await session!.client.GET('/customers/{customerId}/history', { params: { path: { customerId }, query: { fromRevision } } }),
        'The history could not be read.',
      );
      // The customer changed, or another poll appended them, while this one was on its way.
      if (events.length === 0 || next.current !== asked) return;
      next.current = { customerId, revision: events[events.length - 1].revision + 1 };
      setHistory((shown) => (Array.isArray(shown) ? [...shown, ...events] : shown));
      onNewEvents();
    },
    history !== undefined && !(history instanceof Error),
  );

  return [history, pollNow];
}
