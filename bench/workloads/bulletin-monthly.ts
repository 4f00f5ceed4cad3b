import { campaignBody } from '../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { bulletinPdf } from '../../packages/core/bulletin/bulletin.pdf.ts';
import { bulletinXlsx } from '../../packages/core/bulletin/bulletin.xlsx.ts';
import type { Services } from '../../packages/core/services.ts';
import { prng } from '../../packages/storage/seeds/uscc-generator.ts';
import { complianceEstate, withPeakRss } from '../compliance-fixture.ts';
import type { EstateLoad } from '../compliance-estate.ts';
import type { BenchContext, Workload } from '../workload.ts';

/** The month the bulletin reports; its month-end snapshot and June's are taken untimed. */
const MONTH = '2026-07';
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/**
 * The campaign over the generated estate's agencies, with progress spread
 * over June and July (seeded), and the month-end snapshots of June and July.
 * Written once per dialect, after the compliance workloads that share the
 * estate (the registry runs them first); nothing they read changes.
 */
function bulletinEstate(ctx: BenchContext): Promise<{ services: Services; agencies: number }> {
  return ctx.shared('bulletin-campaign', async () => {
    const { services, load } = await complianceEstate(ctx);
    const t0 = performance.now();
    // The campaign's "today": the 1st of the month after the bulletin's (the compliance engine keeps the estate's day).
    services.campaign.clock = () => '2026-08-01';
    const campaign = await services.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '基准检查整改', deadlines: { provincial: '2026-06-30', prefecture: '2026-07-15', county: '2026-12-31' } }));
    const agencies = await writeProgress(services, load, campaign.id);
    await services.snapshots.create(SYSTEM_ACTOR, { day: '2026-06-30', campaignId: campaign.id });
    await services.snapshots.create(SYSTEM_ACTOR, { day: '2026-07-31', campaignId: campaign.id });
    log(`[${ctx.dialect}] bulletin campaign: ${agencies.toLocaleString('en-US')} agencies, progress and two month-end snapshots in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return { services, agencies };
  });
}

/** Transitions of every agency of the estate (seeded): a tenth not started, the rest spread over the states, completions in June and July. */
async function writeProgress(s: Services, load: EstateLoad, campaignId: string): Promise<number> {
  const rand = prng(20260701);
  const agencies = load.plan.orgs.filter((o) => o.type === 'agency');
  const transitions: unknown[][] = [];
  const progress: unknown[][] = [];
  let n = 0;
  const at = (day: string, i: number) => `${day}T0${i % 8}:${String(i % 60).padStart(2, '0')}:00.000Z`;
  for (const [i, o] of agencies.entries()) {
    const plan: [string, string][] = [];
    const r = rand();
    if (r < 0.1) continue;
    plan.push(['self-check', at('2026-06-05', i)]);
    if (r >= 0.25) plan.push(['rectifying', at('2026-06-12', i)]);
    if (r >= 0.45) plan.push(['completed', at(r < 0.7 ? '2026-06-25' : '2026-07-20', i)]);
    if (r >= 0.85) plan.push(['verified', at('2026-07-28', i)]);
    let from = 'not-started';
    for (const [to, when] of plan) {
      transitions.push([`0196f0ff-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`, campaignId, o.id, from, to, when, 'bench', '基准', null]);
      from = to;
    }
    progress.push([campaignId, o.id, from, plan.at(-1)![1]]);
  }
  await s.database.transaction(async (trx) => {
    await s.database.bulkInsert(trx, 'campaign_transitions', ['id', 'campaign_id', 'org_id', 'from_status', 'to_status', 'at', 'by_user', 'reason', 'evidence_json'], transitions);
    await s.database.bulkInsert(trx, 'campaign_progress', ['campaign_id', 'org_id', 'status', 'updated_at'], progress);
  });
  return agencies.length;
}

/**
 * The national monthly bulletin (issue 6's target: ≤ 3 s for PDF + XLSX)
 * over the compliance estate's 5,000 organizations on ~31 provinces: the
 * draft from the month-end snapshot (tables: progress per province with
 * rank, regions behind deadline, newly completed against June, the trend),
 * the GB/T 9704 PDF with Chinese fonts embedded, and the XLSX.
 */
export const bulletinMonthly: Workload = {
  name: 'bulletin-monthly',
  description: `BulletinService.create({ kind: 'monthly', regionCode: '000000', month: '${MONTH}' }) on the compliance estate (bench/compliance-estate.ts) with a campaign over its agencies and the June and July month-end snapshots (untimed), then the PDF (bulletinPdf, GB/T 9704 layout, fonts embedded) and the XLSX (bulletinXlsx). The draft is discarded after each run (untimed).`,
  unit: 'bulletins',
  usesDatabase: true,
  metricLabels: { draftMs: 'draft ms', pdfMs: 'PDF ms', xlsxMs: 'XLSX ms', provinces: 'provinces', newly: 'newly completed', pdfKb: 'PDF KB', peakRssMb: 'peak RSS MB' },
  async setup(ctx) {
    const { services } = await bulletinEstate(ctx);
    const m: Record<string, number> = {};
    let id: string | null = null;
    return {
      async run() {
        const r = await withPeakRss(async () => {
          const t0 = performance.now();
          const { bulletin, created } = await services.bulletins.create(SYSTEM_ACTOR, { kind: 'monthly', regionCode: '000000', month: MONTH });
          if (!created) throw new Error('the previous run’s draft was not discarded');
          id = bulletin.id;
          const doc = await services.bulletins.document(SYSTEM_ACTOR, bulletin.id);
          const t1 = performance.now();
          const pdf = await bulletinPdf(doc);
          const t2 = performance.now();
          const xlsx = await bulletinXlsx(doc);
          const t3 = performance.now();
          if (pdf.length < 10_000 || xlsx.length < 5_000) throw new Error('empty bulletin');
          Object.assign(m, { draftMs: t1 - t0, pdfMs: t2 - t1, xlsxMs: t3 - t2, provinces: doc.tables!.progress.length, newly: doc.tables!.totals.newlyCompleted, pdfKb: pdf.length / 1024 });
        });
        m.peakRssMb = r.peakRssMb;
        return 1;
      },
      async dispose() {
        if (id) await services.bulletins.remove(SYSTEM_ACTOR, id);
        id = null;
      },
      metrics: () => ({ ...m }),
    };
  },
};
