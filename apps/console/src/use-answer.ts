import { DependencyList, useEffect, useState } from 'react';

/**
 * What an API read answered: undefined while it is on its way, the data, or the error to show.
 * A read started for earlier inputs (`deps`) that answers late is dropped, not shown.
 */
export function useAnswer<T>(read: () => Promise<T>, deps: DependencyList): T | Error | undefined {
  const [answer, setAnswer] = useState<T | Error>();
  useEffect(() => {
    let current = true;
    setAnswer(undefined);
    read().then(
      (data) => current && setAnswer(data),
      (error: unknown) => current && setAnswer(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      current = false;
    };
    // The caller names what the read depends on, as with useEffect.
  }, deps);
  return answer;
}

/** The data of an openapi-fetch answer, or its problem's detail as the error. */
export function dataOf<T>({ data, error }: { data?: T; error?: { detail?: string } }, otherwise: string): T {
  if (data === undefined) throw new Error(error?.detail ?? otherwise);
  return data;
}
