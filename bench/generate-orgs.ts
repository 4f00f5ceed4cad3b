import { AGENCY_KINDS, INDUSTRIES, ORG_LABELS, OWNERSHIPS } from '../packages/contracts/index.ts';
import { toCsv } from '../packages/core/files/tabular.ts';
import { ORG_COLUMNS } from '../packages/core/orgs/orgs.columns.ts';
import { regionRows } from '../packages/storage/reference/regions.ts';
import { makeUscc, prng } from '../packages/storage/seeds/uscc-generator.ts';

/** Province the region-admin workloads are scoped to (浙江省), over-represented in the data. */
export const BENCH_PROVINCE = '330000';
/** The name filter of the list workloads: matches about one organization in fifteen. */
export const BENCH_NAME_FILTER = '科技';

const ENTERPRISE_WORDS = ['科技', '软件', '制造', '贸易', '建设', '物流'] as const;

/**
 * A CSV of `count` organizations in the import template's layout, the same
 * bytes for the same count: groups of five, a prefecture government office
 * (地市级政府部门) and four children in its counties — agencies and
 * enterprises, each child naming the office as 上级单位. A fifth of the
 * groups are in Zhejiang so that a region admin's page is not empty.
 */
export function generateOrgsCsv(count: number, seed = 20260101): Buffer {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const regions = regionRows();
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const countiesOf = new Map<string, string[]>();
  for (const r of regions) if (r.level === 'county' && r.parent_code) countiesOf.set(r.parent_code, [...(countiesOf.get(r.parent_code) ?? []), r.code]);
  const prefectures = [...countiesOf.keys()];
  const zhejiang = prefectures.filter((c) => c.startsWith(BENCH_PROVINCE.slice(0, 2)));

  const seen = new Set<string>();
  const uniqueUscc = (kind: 'agency' | 'enterprise', region: string) => {
    for (;;) {
      const code = makeUscc(kind, region, rand);
      if (!seen.has(code)) return seen.add(code), code;
    }
  };
  const header = Object.values(ORG_COLUMNS);
  const rows: (string | number | null)[][] = [header];
  let parentUscc = '';
  let prefecture = '';
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) {
      prefecture = rand() < 0.2 ? pick(zhejiang) : pick(prefectures);
      parentUscc = uniqueUscc('agency', prefecture);
      rows.push([`${names.get(prefecture)}第${i}号人民政府办公室`, parentUscc, ORG_LABELS.type.agency, ORG_LABELS.agencyKind.government, '', '', ORG_LABELS.level.prefecture, prefecture, '', 100 + (i % 400)]);
      continue;
    }
    const county = pick(countiesOf.get(prefecture)!);
    const countyName = `${names.get(prefecture)}${names.get(county)}`;
    if (rand() < 0.5) {
      const kind = pick(AGENCY_KINDS);
      rows.push([`${countyName}第${i}号${ORG_LABELS.agencyKind[kind]}`, uniqueUscc('agency', county), ORG_LABELS.type.agency, ORG_LABELS.agencyKind[kind], '', '', ORG_LABELS.level.county, county, parentUscc, 20 + (i % 180)]);
    } else {
      rows.push([`${countyName}${pick(ENTERPRISE_WORDS)}第${i}号有限公司`, uniqueUscc('enterprise', county), ORG_LABELS.type.enterprise, '', ORG_LABELS.ownership[pick(OWNERSHIPS)], ORG_LABELS.industry[pick(INDUSTRIES)], ORG_LABELS.level.county, county, parentUscc, 50 + (i % 5000)]);
    }
  }
  return Buffer.from(toCsv(rows), 'utf8');
}
