import { describe, expect, it } from 'vitest';
import type { SoftwareCategory } from '../../contracts/recognition.ts';
import { orgLegalization, regionAncestors, rollUpRegions } from './legalization.rules.ts';
import { buildEntitlement, buildInstall, buildOrgNode } from './licensing.builders.ts';
import { allocate } from './licensing.rules.ts';
import type { CoverageStatus, InstallCoverage } from './licensing.types.ts';

/**
 * The worked example of docs/METRICS.md: four agencies in Zhejiang (and one
 * with no inventory yet), every figure computed by hand there.
 */
function cov(orgId: string, deviceId: string, productKey: string, category: SoftwareCategory | null, status: CoverageStatus): InstallCoverage {
  return {
    orgId,
    deviceId,
    titleKey: productKey,
    productKey,
    category,
    licenceClass: status === 'not-required' ? 'freeware' : 'commercial',
    status,
    entitlementId: status === 'covered' ? 'e' : null,
    reason: status === 'uncovered' ? 'no-entitlement' : null,
  };
}

const OS = 'operating-system';
const OFFICE = 'office-suite';
const coverage: InstallCoverage[] = [
  // Z1 (西湖区, 330106): 4 devices
  cov('z1', 'd1', 'microsoft/windows', OS, 'covered'),
  cov('z1', 'd1', 'microsoft/office', OFFICE, 'covered'),
  cov('z1', 'd1', 'qihoo/360-safe', 'security', 'not-required'),
  cov('z1', 'd2', 'microsoft/windows', OS, 'covered'),
  cov('z1', 'd2', 'microsoft/office', OFFICE, 'uncovered'),
  cov('z1', 'd3', 'microsoft/windows', OS, 'covered'),
  cov('z1', 'd3', 'autodesk/autocad', 'cad-design', 'uncovered'),
  cov('z1', 'd4', 'igor/7-zip', 'utility', 'not-required'),
  // Z2 (上城区, 330102): 2 devices
  cov('z2', 'e1', 'microsoft/windows', OS, 'uncovered'),
  cov('z2', 'e1', 'microsoft/office', OFFICE, 'uncovered'),
  cov('z2', 'e1', 'rising/antivirus', 'security', 'covered'),
  cov('z2', 'e2', 'microsoft/windows', OS, 'covered'),
  // Z3 (杭州市 prefecture-level agency, 330100): 1 device
  cov('z3', 'f1', 'microsoft/windows', OS, 'covered'),
  cov('z3', 'f1', 'microsoft/office', OFFICE, 'covered'),
  // N1 (宁波市海曙区, 330203): 3 devices
  cov('n1', 'g1', 'microsoft/windows', OS, 'covered'),
  cov('n1', 'g2', 'microsoft/windows', OS, 'covered'),
  cov('n1', 'g3', 'microsoft/windows', OS, 'uncovered'),
];
const orgs = [
  buildOrgNode('z1', { regionCode: '330106' }),
  buildOrgNode('z2', { regionCode: '330102' }),
  buildOrgNode('z3', { regionCode: '330100' }),
  buildOrgNode('n1', { regionCode: '330203' }),
  buildOrgNode('z4', { regionCode: '330106' }),
];

describe('legalization rate per organization', () => {
  it('counts installs that need a licence, overall and per programme category, and compliant devices', () => {
    const [n1, z1, z2, z3] = orgLegalization(coverage);
    // Z1: 6 installs need a licence (d1 ×2, d2 ×2, d3 ×2), 4 covered.
    expect(z1).toEqual({
      orgId: 'z1',
      overall: { required: 6, covered: 4, rate: 4 / 6 },
      // Windows 3/3 + Office 1/2 (AutoCAD is not a programme category; 360 needs no licence)
      programme: { required: 5, covered: 4, rate: 0.8 },
      byCategory: { 'operating-system': { required: 3, covered: 3, rate: 1 }, 'office-suite': { required: 2, covered: 1, rate: 0.5 }, security: { required: 0, covered: 0, rate: null } },
      // d1 all covered, d4 only free software: 2 of 4 compliant
      devices: 4,
      devicesRequiring: 3,
      compliantDevices: 2,
      compliantDeviceRate: 0.5,
    });
    expect(z2).toMatchObject({ overall: { required: 4, covered: 2, rate: 0.5 }, programme: { required: 4, covered: 2 }, devices: 2, compliantDevices: 1 });
    expect(z2!.byCategory.security).toEqual({ required: 1, covered: 1, rate: 1 });
    expect(z3).toMatchObject({ overall: { required: 2, covered: 2, rate: 1 }, compliantDeviceRate: 1 });
    expect(n1).toMatchObject({ overall: { required: 3, covered: 2 }, compliantDevices: 2, devices: 3 });
  });
});

describe('roll-up through the region tree', () => {
  it('knows the levels of a code', () => {
    expect(regionAncestors('330106').map((r) => `${r.level} ${r.regionCode}`)).toEqual(['national 000000', 'province 330000', 'prefecture 330100', 'county 330106']);
    expect(regionAncestors('330100').map((r) => r.level)).toEqual(['national', 'province', 'prefecture']);
    expect(regionAncestors('110000').map((r) => r.level)).toEqual(['national', 'province']);
  });

  it('weights by installs that need a licence, with the device share and organization average alongside', () => {
    const nodes = rollUpRegions(orgLegalization(coverage), orgs);
    const at = (code: string) => nodes.find((n) => n.regionCode === code)!;
    expect(nodes.map((n) => n.regionCode)).toEqual(['000000', '330000', '330100', '330102', '330106', '330200', '330203']);
    // 330106: Z1 and Z4 (no inventory yet: counted as an organization, weighs nothing)
    expect(at('330106')).toMatchObject({ level: 'county', orgs: 2, orgsRequiring: 1, overall: { required: 6, covered: 4 }, orgAverageRate: 4 / 6 });
    // 330100: Z1 + Z2 + Z3 = (4 + 2 + 2) / (6 + 4 + 2) = 8/12; org average (4/6 + 1/2 + 1) / 3; devices 2+1+1 of 4+2+1
    expect(at('330100')).toMatchObject({ level: 'prefecture', orgs: 4, orgsRequiring: 3, overall: { required: 12, covered: 8, rate: 8 / 12 }, devices: 7, compliantDevices: 4 });
    expect(at('330100').orgAverageRate).toBeCloseTo((4 / 6 + 0.5 + 1) / 3, 12);
    expect(at('330100').compliantDeviceRate).toBeCloseTo(4 / 7, 12);
    // 330000: 10/15 install-weighted; programme (5+4+2+3 = 14 required, 4+2+2+2 = 10 covered); 6 of 10 devices;
    // org average (4/6 + 1/2 + 1 + 2/3) / 4
    expect(at('330000')).toMatchObject({ level: 'province', orgs: 5, overall: { required: 15, covered: 10 }, programme: { required: 14, covered: 10 }, devices: 10, compliantDevices: 6, compliantDeviceRate: 0.6 });
    expect(at('330000').orgAverageRate).toBeCloseTo((4 / 6 + 0.5 + 1 + 2 / 3) / 4, 12);
    expect(at('330000').byCategory['operating-system']).toEqual({ required: 9, covered: 7, rate: 7 / 9 });
    expect(at('000000')).toMatchObject({ level: 'national', overall: at('330000').overall });
  });

  it('works on what allocate returns', () => {
    const a = buildOrgNode('a', { regionCode: '330106' });
    const installs = [buildInstall({ orgId: 'a', deviceId: 'd1' }), buildInstall({ orgId: 'a', deviceId: 'd2' }), buildInstall({ orgId: 'a', deviceId: 'd3', productKey: 'x/free', requiresLicence: false, licenceClass: 'freeware' })];
    const r = allocate({ installs, entitlements: [buildEntitlement({ orgId: 'a', quantity: 1 })], orgs: [a], at: '2026-06-01' });
    const [fig] = orgLegalization(r.coverage);
    expect(fig).toMatchObject({ overall: { required: 2, covered: 1, rate: 0.5 }, devices: 3, compliantDevices: 2 });
    expect(rollUpRegions([fig!], [a]).find((n) => n.level === 'county')!.overall.rate).toBe(0.5);
  });
});
