import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

/**
 * What an API read answered: undefined while it is on its way, the data, or the error to show.
 * A read started for earlier inputs (`deps`, as with useEffect) that answers late is dropped.
 */
export function useAnswer<T>(read: () => Promise<T>, deps: DependencyList): T | Error | undefined {
  return useRereadableAnswer(read, deps)[0];
}

/**
 * useAnswer with a way to read again: while a re-read is on its way the last answer stays
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

/** The data of an openapi-fetch answer, or its problem's detail as the error. */
export function dataOf<T>({ data, error }: { data?: T; error?: { detail?: string } }, otherwise: string): T {
  if (data === undefined) throw new Error(error?.detail ?? otherwise);
  return data;
}
