import type { Actor } from '../packages/core/policy/policy.ts';
import type { Services } from '../packages/core/services.ts';
import { BENCH_NAME_FILTER } from './generate-orgs.ts';
import type { TimedRun } from './workload.ts';

/** List calls per run: enough that one run lasts well over the timer's noise. */
export const LIST_CALLS = 200;
const PAGE_SIZE = 50;

/**
 * A run of LIST_CALLS `services.orgs.list` calls with the name filter, as
 * the organization table of the web UI sends them (page of 50 and the total),
 * cycling through the first pages the actor has.
 */
export async function listPagesRun(services: Services, actor: Actor): Promise<TimedRun> {
  const first = await services.orgs.list(actor, { page: 1, pageSize: PAGE_SIZE, q: BENCH_NAME_FILTER });
  if (first.items.length < PAGE_SIZE) throw new Error(`only ${first.total} organizations match "${BENCH_NAME_FILTER}" for ${actor.username}`);
  const pages = Math.min(10, Math.ceil(first.total / PAGE_SIZE));
  return {
    async run() {
      for (let i = 0; i < LIST_CALLS; i++) {
        const r = await services.orgs.list(actor, { page: 1 + (i % pages), pageSize: PAGE_SIZE, q: BENCH_NAME_FILTER });
        if (r.total !== first.total) throw new Error(`total changed: ${r.total} ≠ ${first.total}`);
      }
      return LIST_CALLS;
    },
  };
}
