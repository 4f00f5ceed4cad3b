import type { TablePaginationConfig } from 'antd';

/**
 * Pagination of a server-paged list whose page lives in the URL (the list
 * hooks' `setPage` already goes back to page 1 when the page size changes).
 */
export function queryPagination(o: {
  page: number;
  pageSize: number;
  total: number | undefined;
  pageSizes: readonly number[];
  setPage: (page: number, pageSize: number) => void;
  /** "共 N 条" in the current language */
  totalText: (total: number) => string;
}): TablePaginationConfig {
  return {
    current: o.page,
    pageSize: o.pageSize,
    total: o.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: o.pageSizes.map(String),
    showTotal: o.totalText,
    onChange: o.setPage,
  };
}
