import type { Actor } from '../policy/policy.ts';

/**
 * The actor of the command line and of seeds: national scope. Its writes
 * are recorded in the audit trail as "system".
 */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'system',
  displayName: 'system',
  role: 'national_admin',
  regionCode: null,
  orgId: null,
  orgPath: null,
};
