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

/** A moment to the minute, YYYY-MM-DD HH:mm in local time, or '—' (tables of devices and submissions). */
export function formatMinute(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

/** A count with thousands separators (1,234,567). */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  return value === null || value === undefined ? '—' : new Intl.NumberFormat(lang).format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A size in bytes with a binary unit and separators (1,023 B, 12.5 MB), or '—'. */
export function formatBytes(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  let n = value;
  let unit = 0;
  while (n >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(n)} ${BYTE_UNITS[unit]}`;
}
