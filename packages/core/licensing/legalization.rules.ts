import type { SoftwareCategory } from '../../contracts/recognition.ts';
import { PROGRAMME_CATEGORIES, ROLLUP_LEVELS as REGION_LEVELS, type ProgrammeCategory } from '../../contracts/licensing.ts';
import type { InstallCoverage, OrgNode } from './licensing.types.ts';

/**
 * The legalization rate (正版化率) and its roll-up through the region tree
 * (行政区划: province / prefecture / county). Pure functions over the coverage
 * that `allocate` returns. Definitions: docs/METRICS.md.
 */

/** The three categories the programme counts (操作系统、办公软件、杀毒软件). */
export { PROGRAMME_CATEGORIES, REGION_LEVELS, type ProgrammeCategory };

/** Installs that need a licence and how many of them are covered. */
export interface Ratio {
  required: number;
  covered: number;
  /** covered / required; null when nothing needs a licence */
  rate: number | null;
}

/** The figures of one organization. */
export interface OrgLegalization {
  orgId: string;
  /** every install that needs a licence (all commercial software, trials included) */
  overall: Ratio;
  /** the three programme categories together */
  programme: Ratio;
  byCategory: Record<ProgrammeCategory, Ratio>;
  /** devices with at least one install */
  devices: number;
  /** devices with at least one install that needs a licence */
  devicesRequiring: number;
  /** devices none of whose installs is uncovered (a device with only free software is compliant) */
  compliantDevices: number;
  /** compliantDevices / devices; null without devices */
  compliantDeviceRate: number | null;
}

export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Code of the national total in the roll-up (GB/T 2260 has none). */
export const NATIONAL_CODE = '000000';

/** The figures of one region node: its organizations and those of every region below it. */
export interface RegionLegalization {
  regionCode: string;
  level: RegionLevel;
  /** organizations in the subtree */
  orgs: number;
  /** of which have installs that need a licence */
  orgsRequiring: number;
  /** install-weighted: Σ covered / Σ required over the subtree (the headline rate) */
  overall: Ratio;
  programme: Ratio;
  byCategory: Record<ProgrammeCategory, Ratio>;
  devices: number;
  compliantDevices: number;
  /** device-weighted alternative: Σ compliant devices / Σ devices */
  compliantDeviceRate: number | null;
  /** organization-average alternative: mean of the overall rates of `orgsRequiring` organizations */
  orgAverageRate: number | null;
}

const ratio = (required: number, covered: number): Ratio => ({ required, covered, rate: required === 0 ? null : covered / required });

interface Tally {
  req: number;
  cov: number;
}
const tally = (): Tally => ({ req: 0, cov: 0 });
const emptyCategories = (): Record<ProgrammeCategory, Tally> => ({ 'operating-system': tally(), 'office-suite': tally(), security: tally() });
const isProgramme = (c: SoftwareCategory | null): c is ProgrammeCategory => c !== null && (PROGRAMME_CATEGORIES as readonly string[]).includes(c);

/** An organization's stored figures (compliance_orgs columns, as either database returns them). */
export interface StoredOrgFigures {
  org_id: string;
  devices: unknown;
  devices_requiring: unknown;
  compliant_devices: unknown;
  overall_req: unknown;
  overall_cov: unknown;
  programme_req: unknown;
  programme_cov: unknown;
  os_req: unknown;
  os_cov: unknown;
  office_req: unknown;
  office_cov: unknown;
  security_req: unknown;
  security_cov: unknown;
}

/** Stored figures of an organization as the roll-up reads them. */
export function legalizationOfStored(f: StoredOrgFigures): OrgLegalization {
  const n = (v: unknown) => Number(v ?? 0);
  const devices = n(f.devices);
  return {
    orgId: f.org_id,
    overall: ratio(n(f.overall_req), n(f.overall_cov)),
    programme: ratio(n(f.programme_req), n(f.programme_cov)),
    byCategory: { 'operating-system': ratio(n(f.os_req), n(f.os_cov)), 'office-suite': ratio(n(f.office_req), n(f.office_cov)), security: ratio(n(f.security_req), n(f.security_cov)) },
    devices,
    devicesRequiring: n(f.devices_requiring),
    compliantDevices: n(f.compliant_devices),
    compliantDeviceRate: devices === 0 ? null : n(f.compliant_devices) / devices,
  };
}

/**
 * The legalization figures of every organization in the coverage, ordered
 * by organization id. `not-required` installs count for devices only.
 */
export function orgLegalization(coverage: readonly InstallCoverage[]): OrgLegalization[] {
  interface Acc {
    overall: Tally;
    programme: Tally;
    cats: Record<ProgrammeCategory, Tally>;
    /** device → 0 only free software, 1 needs licences all covered, 2 something uncovered */
    devices: Map<string, number>;
  }
  const byOrg = new Map<string, Acc>();
  for (const c of coverage) {
    let a = byOrg.get(c.orgId);
    if (!a) byOrg.set(c.orgId, (a = { overall: tally(), programme: tally(), cats: emptyCategories(), devices: new Map() }));
    const state = a.devices.get(c.deviceId) ?? 0;
    if (c.status === 'not-required') {
      a.devices.set(c.deviceId, state);
      continue;
    }
    const ok = c.status === 'covered' ? 1 : 0;
    a.devices.set(c.deviceId, Math.max(state, ok ? 1 : 2));
    a.overall.req++;
    a.overall.cov += ok;
    if (isProgramme(c.category)) {
      a.programme.req++;
      a.programme.cov += ok;
      a.cats[c.category].req++;
      a.cats[c.category].cov += ok;
    }
  }
  return [...byOrg.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([orgId, a]) => {
      let requiring = 0;
      let compliant = 0;
      for (const s of a.devices.values()) {
        if (s > 0) requiring++;
        if (s < 2) compliant++;
      }
      return {
        orgId,
        overall: ratio(a.overall.req, a.overall.cov),
        programme: ratio(a.programme.req, a.programme.cov),
        byCategory: mapCategories(a.cats),
        devices: a.devices.size,
        devicesRequiring: requiring,
        compliantDevices: compliant,
        compliantDeviceRate: a.devices.size === 0 ? null : compliant / a.devices.size,
      };
    });
}

function mapCategories(c: Record<ProgrammeCategory, Tally>): Record<ProgrammeCategory, Ratio> {
  return {
    'operating-system': ratio(c['operating-system'].req, c['operating-system'].cov),
    'office-suite': ratio(c['office-suite'].req, c['office-suite'].cov),
    security: ratio(c.security.req, c.security.cov),
  };
}

/**
 * The region nodes a region code rolls up into, national first: a county
 * (330106) counts in its prefecture (330100), province (330000) and the
 * national total; a province-level organization only in its province and
 * the national total.
 */
export function regionAncestors(code: string): { regionCode: string; level: RegionLevel }[] {
  const out: { regionCode: string; level: RegionLevel }[] = [{ regionCode: NATIONAL_CODE, level: 'national' }];
  if (!/^\d{6}$/.test(code)) return out;
  out.push({ regionCode: `${code.slice(0, 2)}0000`, level: 'province' });
  if (code.slice(2, 4) !== '00') out.push({ regionCode: `${code.slice(0, 4)}00`, level: 'prefecture' });
  if (code.slice(4, 6) !== '00') out.push({ regionCode: code, level: 'county' });
  return out;
}

/**
 * Rolls organization figures up the region tree. The headline rate is
 * install-weighted (Σ covered / Σ required: every install that needs a
 * licence weighs the same, so a region's rate is the rate of its pooled
 * installs and cannot be moved by splitting or merging organizations);
 * the device-weighted share and the organization average come alongside.
 * Every organization of `orgs` counts, with or without figures; figures of
 * organizations not in `orgs` are left out (no region). Ordered by code.
 */
export function rollUpRegions(figures: readonly OrgLegalization[], orgs: readonly OrgNode[]): RegionLegalization[] {
  interface Acc {
    level: RegionLevel;
    orgs: number;
    orgsRequiring: number;
    rateSum: number;
    overall: Tally;
    programme: Tally;
    cats: Record<ProgrammeCategory, Tally>;
    devices: number;
    compliant: number;
  }
  const byOrg = new Map(figures.map((f) => [f.orgId, f]));
  const nodes = new Map<string, Acc>();
  for (const o of orgs) {
    const f = byOrg.get(o.id);
    for (const { regionCode, level } of regionAncestors(o.regionCode)) {
      let a = nodes.get(regionCode);
      if (!a) nodes.set(regionCode, (a = { level, orgs: 0, orgsRequiring: 0, rateSum: 0, overall: tally(), programme: tally(), cats: emptyCategories(), devices: 0, compliant: 0 }));
      a.orgs++;
      if (!f) continue;
      if (f.overall.rate !== null) {
        a.orgsRequiring++;
        a.rateSum += f.overall.rate;
      }
      add(a.overall, f.overall);
      add(a.programme, f.programme);
      for (const c of PROGRAMME_CATEGORIES) add(a.cats[c], f.byCategory[c]);
      a.devices += f.devices;
      a.compliant += f.compliantDevices;
    }
  }
  return [...nodes.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([regionCode, a]) => ({
      regionCode,
      level: a.level,
      orgs: a.orgs,
      orgsRequiring: a.orgsRequiring,
      overall: ratio(a.overall.req, a.overall.cov),
      programme: ratio(a.programme.req, a.programme.cov),
      byCategory: mapCategories(a.cats),
      devices: a.devices,
      compliantDevices: a.compliant,
      compliantDeviceRate: a.devices === 0 ? null : a.compliant / a.devices,
      orgAverageRate: a.orgsRequiring === 0 ? null : a.rateSum / a.orgsRequiring,
    }));
}

function add(t: Tally, r: Ratio): void {
  t.req += r.required;
  t.cov += r.covered;
}
