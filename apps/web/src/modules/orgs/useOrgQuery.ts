import { useSearchParams } from 'react-router';
import { ADMIN_LEVELS, AGENCY_KINDS, INDUSTRIES, ORG_SORT_KEYS, ORG_TYPES, OWNERSHIPS } from '../../contracts.ts';
import type { OrgSortKey } from '../../contracts.ts';
import { readSort, writeSort, type ListSort } from '../../shared/serverSort.ts';
import type { OrgFilters } from './api/orgsApi.ts';

const PAGE_SIZES = [10, 20, 50, 100] as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The organization list's filters, sort and page, kept in the URL so that a
 * filtered list can be bookmarked, shared, and linked to from the region page.
 */
export function useOrgQuery() {
  const [params, setParams] = useSearchParams();
  const filters: OrgFilters = {
    q: params.get('q') || undefined,
    type: oneOf(ORG_TYPES, params.get('type')),
    level: oneOf(ADMIN_LEVELS, params.get('level')),
    agencyKind: oneOf(AGENCY_KINDS, params.get('agencyKind')),
    ownership: oneOf(OWNERSHIPS, params.get('ownership')),
    industry: oneOf(INDUSTRIES, params.get('industry')),
    regionCode: /^\d{6}$/.test(params.get('regionCode') ?? '') ? (params.get('regionCode') ?? undefined) : undefined,
  };
  const page = positive(params.get('page'), 1);
  const pageSize = oneOf(PAGE_SIZES.map(String), params.get('pageSize')) ? Number(params.get('pageSize')) : 20;
  const sort = readSort(params, ORG_SORT_KEYS);

  const write = (next: OrgFilters, nextSort: ListSort<OrgSortKey>, nextPage: number, nextPageSize: number) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, String(value));
    writeSort(out, nextSort);
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextPageSize !== 20) out.set('pageSize', String(nextPageSize));
    setParams(out, { replace: false });
  };

  return {
    filters,
    sort,
    /** The filters and the sort as the API takes them (list and export). */
    listQuery: { ...filters, ...sort } satisfies OrgFilters,
    page,
    pageSize,
    pageSizes: PAGE_SIZES,
    /** Changes some filters and goes back to page 1. */
    setFilters: (patch: OrgFilters) => write({ ...filters, ...patch }, sort, 1, pageSize),
    /** Clears the filters; the sort stays. */
    resetFilters: () => write({}, sort, 1, pageSize),
    /** Sorts the whole list on the server and goes back to page 1. */
    setSort: (next: ListSort<OrgSortKey>) => write(filters, next, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) => write(filters, sort, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}
