import { useSearchParams } from 'react-router';
import { COVERAGE_STATUSES, SOFTWARE_CATEGORIES, UNCOVERED_REASONS } from '../../contracts.ts';
import { booleanParam, oneOf } from '../recognition/useListQuery.ts';
import type { InstallFilters, PositionFilters } from './api/licensingApi.ts';
import { ORG_TABS } from './complianceLinks.ts';
import type { OrgTab } from './complianceLinks.ts';

const PAGE_SIZES = [10, 20, 50, 100] as const;

function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Every filter of the organization view; each tab reads its own. */
export type OrgComplianceFilters = PositionFilters &
  InstallFilters & {
    /** devices tab: compliant or not */
    compliant?: boolean;
  };

/**
 * The tab, filters and page of an organization's compliance view, kept in
 * the URL: a drill-down ("the 3 uncovered installs of Office") is a link
 * that can be bookmarked and sent.
 */
export function useOrgComplianceQuery() {
  const [params, setParams] = useSearchParams();
  const tab: OrgTab = oneOf(ORG_TABS, params.get('tab')) ?? 'positions';
  const filters: OrgComplianceFilters = {
    q: params.get('q') || undefined,
    shortfall: booleanParam(params.get('shortfall')),
    category: oneOf(SOFTWARE_CATEGORIES, params.get('category')),
    productKey: params.get('productKey') || undefined,
    deviceId: params.get('deviceId') || undefined,
    status: oneOf(COVERAGE_STATUSES, params.get('status')),
    reason: oneOf(UNCOVERED_REASONS, params.get('reason')),
    compliant: booleanParam(params.get('compliant')),
  };
  const page = positive(params.get('page'), 1);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;

  const write = (nextTab: OrgTab, next: OrgComplianceFilters, nextPage: number, nextPageSize: number) => {
    const out = new URLSearchParams();
    if (nextTab !== 'positions') out.set('tab', nextTab);
    for (const [key, value] of Object.entries(next) as [string, unknown][]) if (value !== undefined && value !== '') out.set(key, String(value));
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextPageSize !== 20) out.set('pageSize', String(nextPageSize));
    setParams(out);
  };

  return {
    tab,
    filters,
    page,
    pageSize,
    pageSizes: PAGE_SIZES,
    /** Opens a tab with only the given filters (a drill-down), on page 1. */
    open: (nextTab: OrgTab, next: OrgComplianceFilters = {}) => write(nextTab, next, 1, pageSize),
    /** Changes some filters of the current tab and goes back to page 1. */
    setFilters: (patch: OrgComplianceFilters) => write(tab, { ...filters, ...patch }, 1, pageSize),
    resetFilters: () => write(tab, {}, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) => write(tab, filters, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}

export type OrgComplianceQuery = ReturnType<typeof useOrgComplianceQuery>;
