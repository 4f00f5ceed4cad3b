import { useSearchParams } from 'react-router';
import { ADMIN_LEVELS, AGENCY_KINDS, INDUSTRIES, ORG_TYPES, OWNERSHIPS } from '../../contracts.ts';
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
 * The organization list's filters and page, kept in the URL so that a
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

  const write = (next: OrgFilters, nextPage: number, nextPageSize: number) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, String(value));
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextPageSize !== 20) out.set('pageSize', String(nextPageSize));
    setParams(out, { replace: false });
  };

  return {
    filters,
    page,
    pageSize,
    pageSizes: PAGE_SIZES,
    /** Changes some filters and goes back to page 1. */
    setFilters: (patch: OrgFilters) => write({ ...filters, ...patch }, 1, pageSize),
    resetFilters: () => write({}, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) => write(filters, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}
