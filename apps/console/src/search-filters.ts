import { useSearchParams } from 'react-router';

/** A page's filters live in the URL's search params, so a view can be bookmarked and shared; `null` removes one. */
export function useSearchFilters(): [URLSearchParams, (changes: Record<string, string | null | undefined>) => void] {
  const [search, setSearch] = useSearchParams();
  const choose = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setSearch(next, { replace: true });
  };
  return [search, choose];
}
