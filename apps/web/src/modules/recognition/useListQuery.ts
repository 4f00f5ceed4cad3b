import { useSearchParams } from 'react-router';

const PAGE_SIZES = [10, 20, 50, 100] as const;

function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * A list's filters and page kept in the URL, so a filtered list can be
 * bookmarked and shared (the catalogue filtered to commercial software, say).
 * Filter values are strings, or booleans written as 'true' / 'false'.
 * @param parse reads the filters from the URL, dropping values the list does not know
 */
export function useListQuery<F extends object>(parse: (params: URLSearchParams) => F) {
  const [params, setParams] = useSearchParams();
  const filters = parse(params);
  const page = positive(params.get('page'), 1);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;

  const write = (next: F, nextPage: number, nextPageSize: number) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next) as [string, unknown][]) if (value !== undefined && value !== '') out.set(key, String(value));
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextPageSize !== 20) out.set('pageSize', String(nextPageSize));
    setParams(out);
  };

  return {
    filters,
    page,
    pageSize,
    pageSizes: PAGE_SIZES,
    /** Whether anything narrows the list (to tell "nothing yet" from "no match"). */
    filtered: (Object.values(filters) as unknown[]).some((v) => v !== undefined && v !== ''),
    /** Changes some filters and goes back to page 1. */
    setFilters: (patch: Partial<F>) => write({ ...filters, ...patch }, 1, pageSize),
    resetFilters: () => write({} as F, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) => write(filters, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}

/** A value of a closed list from the URL, or undefined. */
export function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** A boolean filter from the URL ('true' / 'false'), or undefined. */
export function booleanParam(raw: string | null): boolean | undefined {
  return raw === 'true' ? true : raw === 'false' ? false : undefined;
}
