import { isValidUscc } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { AppError } from '../../../packages/core/errors.ts';
import type { Services } from '../../../packages/core/services.ts';

/** An organization named on the command line by id or by unified social credit code. */
export async function resolveOrg(s: Services, idOrUscc: string) {
  const key = idOrUscc.trim().toUpperCase();
  if (isValidUscc(key)) {
    const { items } = await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 2, q: key });
    const hit = items.find((o) => o.uscc === key);
    if (hit) return hit;
  }
  try {
    return await s.orgs.get(SYSTEM_ACTOR, idOrUscc.trim());
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new Error(`organization not found: ${idOrUscc}`);
    throw e;
  }
}
