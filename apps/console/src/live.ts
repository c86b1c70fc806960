import { useCallback, useEffect, useRef } from 'react';

/**
 * Live pages poll. The SSE feed is the integration contract (role `integration` only), a browser's
 * EventSource cannot send the Authorization header, and a worklist is a read model that lags the
 * store, so a notification would still need a read; an unchanged answer costs almost nothing
 * (a history page of no events, a worklist's 304).
 */
export const POLL_EVERY_MS = 1_000;

/**
 * Calls `poll` every `everyMs` while the tab is visible: polling stops while it is hidden and
 * starts again, at once, when it is shown. One poll at a time; the next is scheduled when it ends.
 * Returns a function that polls now (after the person recorded something, say).
 */
export function usePolling(poll: () => Promise<unknown>, enabled = true, everyMs = POLL_EVERY_MS): () => void {
  // The latest poll, without restarting the timer each render.
  const latest = useRef(poll);
  latest.current = poll;
  const pollNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let stopped = false;
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && document.visibilityState === 'visible') timer = setTimeout(run, everyMs);
    };
    const run = () => {
      if (running || stopped) return;
      running = true;
      // A failed poll is tried again at the next tick: the page keeps what it last showed.
      latest
        .current()
        .catch(() => undefined)
        .finally(() => {
          running = false;
          schedule();
        });
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? run() : clearTimeout(timer));
    pollNow.current = run;
    document.addEventListener('visibilitychange', onVisibility);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      pollNow.current = () => undefined;
    };
  }, [enabled, everyMs]);

  return useCallback(() => pollNow.current(), []);
}
