import dayjs from 'dayjs';
import type { Lang } from '../contracts.ts';

/** A date as YYYY-MM-DD (the convention of Chinese official documents), or '—'. */
export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

/** A moment as YYYY-MM-DD HH:mm:ss in local time, or '—'. */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** A count with thousands separators (1,234,567). */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  return value === null || value === undefined ? '—' : new Intl.NumberFormat(lang).format(value);
}
