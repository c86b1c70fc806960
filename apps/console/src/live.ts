import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

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

/**
 * Like useAnswer, with a way to read again: while a re-read is on its way the last answer stays
 * shown (a page that refreshes live does not blank, nor lose a half-filled form). New `deps`
 * start afresh.
 */
export function useRereadableAnswer<T>(read: () => Promise<T>, deps: DependencyList): [T | Error | undefined, () => void] {
  const [answer, setAnswer] = useState<T | Error>();
  const [reads, setReads] = useState(0);
  const depsKey = useRef<DependencyList>(deps);
  useEffect(() => {
    let current = true;
    const changed = depsKey.current.length !== deps.length || depsKey.current.some((dep, index) => !Object.is(dep, deps[index]));
    depsKey.current = deps;
    if (changed) setAnswer(undefined);
    read().then(
      (data) => current && setAnswer(data),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        // A re-read that fails keeps what was shown: the next one may well answer.
        if (current) setAnswer((shown) => (changed || shown === undefined || shown instanceof Error ? failure : shown));
      },
    );
    return () => {
      current = false;
    };
    // The caller names what the read depends on, as with useEffect; `reads` asks again.
  }, [...deps, reads]);
  return [answer, useCallback(() => setReads((count) => count + 1), [])];
}
