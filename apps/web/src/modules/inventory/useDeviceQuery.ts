import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { DEVICE_SORT_KEYS, DEVICE_SOURCES } from '../../contracts.ts';
import type { DeviceSortKey } from '../../contracts.ts';
import { readSort, writeSort, type ListSort } from '../../shared/serverSort.ts';
import type { DeviceFilters } from './api/inventoryApi.ts';
import { useOrgParam } from './useOrgParam.ts';

const PAGE_SIZES = [10, 20, 50, 100] as const;
/** The choices of "not seen for N days". */
export const STALE_DAYS = [7, 15, 30, 60, 90, 180] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the filter bar shows; the API filters are derived from it. */
export interface DeviceViewFilters {
  q?: string;
  os?: string;
  source?: (typeof DEVICE_SOURCES)[number];
  /** Last seen on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Last seen on or before this day, inclusive. */
  to?: string;
  /** Not seen for at least this many days. */
  staleDays?: number;
}

function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The API's `seenAfter`/`seenBefore` from the view: the server compares
 * `seenBefore` exclusively, so an inclusive "to" day becomes the next day.
 */
export function toApiFilters(orgId: string | undefined, view: DeviceViewFilters): DeviceFilters {
  const seenBefore = view.staleDays
    ? dayjs().subtract(view.staleDays, 'day').format('YYYY-MM-DD')
    : view.to
      ? dayjs(view.to).add(1, 'day').format('YYYY-MM-DD')
      : undefined;
  return {
    orgId,
    q: view.q,
    os: view.os,
    source: view.source,
    seenAfter: view.staleDays ? undefined : view.from,
    seenBefore,
  };
}

/**
 * The device list's filters, sort and page, kept in the URL so a filtered
 * list can be bookmarked and shared (e.g. "not seen for 30 days" sent to a
 * colleague).
 */
export function useDeviceQuery() {
  const [params, setParams] = useSearchParams();
  const [orgId, setOrgId] = useOrgParam();
  const source = params.get('source');
  const stale = positive(params.get('staleDays'), 0);
  const view: DeviceViewFilters = {
    q: params.get('q') || undefined,
    os: params.get('os') || undefined,
    source: (DEVICE_SOURCES as readonly string[]).includes(source ?? '') ? (source as DeviceViewFilters['source']) : undefined,
    from: DATE.test(params.get('from') ?? '') ? (params.get('from') ?? undefined) : undefined,
    to: DATE.test(params.get('to') ?? '') ? (params.get('to') ?? undefined) : undefined,
    staleDays: stale || undefined,
  };
  const page = positive(params.get('page'), 1);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const sort = readSort(params, DEVICE_SORT_KEYS);

  const write = (next: DeviceViewFilters, nextSort: ListSort<DeviceSortKey>, nextPage: number, nextPageSize: number) => {
    const out = new URLSearchParams();
    // The organization is the page's own parameter (see useOrgParam): carried over as it is.
    const rawOrg = params.get('orgId');
    if (rawOrg !== null) out.set('orgId', rawOrg);
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, String(value));
    writeSort(out, nextSort);
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextPageSize !== 20) out.set('pageSize', String(nextPageSize));
    setParams(out);
  };

  return {
    orgId,
    setOrgId,
    view,
    sort,
    /** The filters and the sort as the API takes them (list and export). */
    filters: { ...toApiFilters(orgId, view), ...sort } satisfies DeviceFilters,
    /** Whether anything narrows the list (to tell "no devices yet" from "no match"). */
    filtered: Object.values(view).some(Boolean),
    page,
    pageSize,
    pageSizes: PAGE_SIZES,
    /** Changes some filters and goes back to page 1. */
    setFilters: (patch: DeviceViewFilters) => write({ ...view, ...patch }, sort, 1, pageSize),
    /** Clears the filters; the sort stays. */
    resetFilters: () => write({}, sort, 1, pageSize),
    /** Sorts the whole list on the server and goes back to page 1. */
    setSort: (next: ListSort<DeviceSortKey>) => write(view, next, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) => write(view, sort, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}
