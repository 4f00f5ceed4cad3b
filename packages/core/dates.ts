/**
 * Calendar days in the product are days in China Standard Time (UTC+8, no
 * daylight saving): a user's "2026-11-27" starts at 2026-11-26T16:00Z.
 * Timestamps are stored in UTC; these convert day boundaries.
 */
const CST_OFFSET_MS = 8 * 3600_000;

/** The UTC instant a CST calendar day starts, ISO-8601. */
export function dayStartUtc(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS).toISOString();
}

/** The UTC instant the CST calendar day after `day` starts (an exclusive end). */
export function dayEndUtc(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS + 86_400_000).toISOString();
}

/** The CST calendar day of a UTC instant, YYYY-MM-DD. */
export function cstDay(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 10);
}
