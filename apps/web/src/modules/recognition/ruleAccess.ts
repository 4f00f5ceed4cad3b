import { can } from '../../auth/permissions.ts';
import type { RuleView, User } from '../../contracts.ts';

/**
 * The code prefix of a region's subtree: GB/T 2260 codes nest by prefix
 * (330000 → 33…, 330100 → 3301…), as the server's policy reads them.
 */
function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * Whether the user may change or delete a local rule: the national office
 * any, a region office those written within its region (the server checks
 * the same; this only hides buttons that would answer 403).
 */
export function mayChangeRule(user: Pick<User, 'role' | 'regionCode'>, view: Pick<RuleView, 'origin' | 'originRegionCode'>): boolean {
  if (view.origin !== 'local' || !can(user.role, 'recognition.write')) return false;
  if (user.role === 'national_admin') return true;
  return user.regionCode !== null && view.originRegionCode !== null && view.originRegionCode.startsWith(regionPrefix(user.regionCode));
}
