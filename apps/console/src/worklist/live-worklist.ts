import type { components } from '@collections/api-client';
import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../live';
import { Session } from '../session';
import { dataOf } from '../use-answer';

export type WorklistItem = components['schemas']['WorklistItem'];
type Worklist = components['schemas']['Worklist'];
export type WorklistState = WorklistItem['state'];
export type Segment = WorklistItem['segment'];

export interface Filters {
  collectorId: string;
  state?: WorklistState;
  segment?: Segment;
  currency?: string;
}

export interface LoadedWorklist {
  items: WorklistItem[];
  asOf: string;
}

/** The API's largest page: a worklist of a few thousand accounts comes in a few requests. */
const PAGE_SIZE = 500;

/** One page of a worklist; with `ifNoneMatch`, a 304 while it is still the page that tag names. */
const worklistPage = (session: Session, { collectorId, state, segment, currency }: Filters, page: number, ifNoneMatch?: string) =>
  session.client.GET('/worklists/{collectorId}', {
    params: {
      path: { collectorId },
      query: { page, pageSize: PAGE_SIZE, state, segment, currency },
      header: ifNoneMatch === undefined ? undefined : { 'If-None-Match': ifNoneMatch },
    },
    // The answer is the server's to judge (304 or the page), never the browser cache's.
    cache: 'no-store',
  });

/** Every page of a worklist, in the order the API sorts it, from its first page on. */
async function allPages(session: Session, filters: Filters, first: Worklist): Promise<LoadedWorklist> {
  const items = [...first.items];
  for (let page = 2; items.length < first.total; page++) {
    const data: Worklist = dataOf(await worklistPage(session, filters, page), 'The worklist could not be read.');
    if (data.items.length === 0) break;
    items.push(...data.items);
  }
  return { items, asOf: first.asOf };
}

/**
 * A worklist, kept live. Every second the first page is asked for with the ETag of the last
 * answer (If-None-Match): unchanged, the API answers 304 with no body, and nothing more is read;
 * changed (something recorded, by anyone, reached the read models), every page is read again.
 * `filtersKey` is the filters' value: a new one reads a new list.
 */
export function useLiveWorklist(session: Session, filters: Filters, filtersKey: string): LoadedWorklist | Error | undefined {
  const [answer, setAnswer] = useState<LoadedWorklist | Error>();
  // The tag of the list shown, and for which filters: polls of a list no longer shown are dropped.
  const shown = useRef<{ filtersKey: string; tag: string | undefined }>(undefined);

  const read = async (ifNoneMatch?: string): Promise<void> => {
    const asked = filtersKey;
    const { data, error, response } = await worklistPage(session, filters, 1, ifNoneMatch);
    if (response.status === 304) return;
    const first = dataOf({ data, error: error || undefined }, 'The worklist could not be read.');
    const loaded = await allPages(session, filters, first);
    if (shown.current?.filtersKey !== asked) return;
    shown.current = { filtersKey: asked, tag: response.headers.get('ETag') ?? undefined };
    setAnswer(loaded);
  };

  useEffect(() => {
    let current = true;
    shown.current = { filtersKey, tag: undefined };
    setAnswer(undefined);
    read().catch((error: unknown) => current && setAnswer(error instanceof Error ? error : new Error(String(error))));
    return () => {
      current = false;
    };
    // The filters are read from the URL: their value, not the object made each render, is what changes.
  }, [session, filtersKey]);

  // A failed poll keeps the list shown; the next one may well answer.
  usePolling(() => read(shown.current?.tag), answer !== undefined && !(answer instanceof Error));
  return answer;
}
