import type { TableColumnType, TableProps } from 'antd';
import type { SortOrder } from '../contracts.ts';

/**
 * A list's sort as the server takes it and the URL keeps it (`?sort=&order=`).
 * Without a key the list comes in its default order.
 */
export interface ListSort<K extends string> {
  sort?: K;
  order?: SortOrder;
}

/** The sort in the URL; a key the list cannot sort by counts as none. */
export function readSort<K extends string>(params: URLSearchParams, keys: readonly K[]): ListSort<K> {
  const raw = params.get('sort');
  const sort = keys.find((k) => k === raw);
  return sort ? { sort, order: params.get('order') === 'desc' ? 'desc' : 'asc' } : {};
}

/** Writes the sort into URL parameters (nothing for the default order). */
export function writeSort(out: URLSearchParams, s: ListSort<string>): void {
  if (!s.sort) return;
  out.set('sort', s.sort);
  if (s.order === 'desc') out.set('order', 'desc');
}

const ANTD_ORDER = { asc: 'ascend', desc: 'descend' } as const;

/**
 * Makes a column sorted by the server: with `sorter: true` antd reports a
 * click through the table's onChange instead of sorting the one page it
 * holds, and the arrow shows what the URL says.
 * @param defaultOrder for the column the list is ordered by when no sort is
 *   chosen: its arrow shows then, and clicks go from that direction to the
 *   other and back to the default
 */
export function serverSorter<T, K extends string>(current: ListSort<K>, key: K, defaultOrder?: SortOrder): Pick<TableColumnType<T>, 'sorter' | 'sortOrder' | 'sortDirections'> {
  const order = current.sort === key ? (current.order ?? 'asc') : current.sort ? undefined : defaultOrder;
  const column = { sorter: true, sortOrder: order ? ANTD_ORDER[order] : null };
  return defaultOrder === 'desc' ? { ...column, sortDirections: ['descend', 'ascend'] } : column;
}

type Sorter<T> = Parameters<NonNullable<TableProps<T>['onChange']>>[2];

/**
 * The sort a click on a column header asks for; antd's third click clears
 * it, which means the list's default order.
 * @param keyOf the server's sort key of a column (by the column's `key`)
 */
export function sortFromTable<T, K extends string>(sorter: Sorter<T>, keyOf: (columnKey: string) => K | undefined): ListSort<K> {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  const sort = s?.order && s.columnKey !== undefined ? keyOf(String(s.columnKey)) : undefined;
  return sort ? { sort, order: s?.order === 'descend' ? 'desc' : 'asc' } : {};
}
