import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { entitlementBody, type EntitlementBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { createServices, type Services } from '../services.ts';
import type { Submission } from '../inventory/inventory.service.ts';
import fs from 'node:fs';
import { hasSharedData, sharedData } from '../inventory/parsers/test-data.ts';

const win = (s: string) => buildSoftware(s, '1.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });
const OFFICE_2016 = win('Microsoft Office Professional Plus 2016');
const OFFICE_2019 = win('Microsoft Office Professional Plus 2019 - zh-cn');
const OFFICE_2021 = win('Microsoft Office LTSC Professional Plus 2021 - zh-cn');
const WINDOWS = win('Microsoft Windows 10 Pro');
const SEVEN_ZIP = buildSoftware('7-Zip 22.01 (x64)', '22.01', { source: 'windows', publisher: 'Igor Pavlov' });

const body = (over: Partial<EntitlementBody> & Pick<EntitlementBody, 'metric' | 'productKeys'>): EntitlementBody => entitlementBody.parse({ name: 'test', quantity: 1, ...over });

describe.each(testDialects())('compliance over stored inventories on %s', (dialect) => {
  let s: Services;
  let orgId: string;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-06-01';
    orgId = (await createOrg(s)).id;
  });
  afterAll(async () => s.database.close());

  const sub = (): Submission => ({ orgId, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: '127.0.0.1', raw: Buffer.from('<REQUEST/>'), encoding: 'identity' });
  const pc = (serial: string, software: ReturnType<typeof buildSoftware>[]) => s.inventory.ingest(sub(), buildInventory({ serial, hostname: serial.toLowerCase(), lastUser: `user-${serial}` }, software));
  const position = async (productKey: string) => (await s.compliance.positions(SYSTEM_ACTOR, orgId, { page: 1, pageSize: 100 })).items.find((p) => p.productKey === productKey);

  it('allocates volume, downgrade and OEM licences and explains every gap', async () => {
    await pc('SN1', [OFFICE_2016, WINDOWS, SEVEN_ZIP]);
    await pc('SN2', [OFFICE_2019, WINDOWS]);
    await pc('SN3', [OFFICE_2021, SEVEN_ZIP]);
    await s.compliance.engine.idle();
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'volume', agreementNo: 'V-1', productKeys: ['microsoft/office'], quantity: 5, downgradeRights: true, versionRange: { min: '16.0', minRelease: '2019', max: '16.0', maxRelease: '2019' }, unitPrice: 3000, currency: 'CNY' }));
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'oem', oemSerial: 'SN1', productKeys: ['microsoft/windows'], unitPrice: 1200, currency: 'CNY' }));

    expect(await position('microsoft/office')).toMatchObject({ installs: 3, coveredInstalls: 2, installedDevices: 3, entitled: 5, consumed: 2, shortfall: 1, surplus: 3, estimatedShortfallCost: 3000 });
    expect(await position('microsoft/windows')).toMatchObject({ installs: 2, coveredInstalls: 1, shortfall: 1, entitled: 1, consumed: 1, estimatedShortfallCost: 1200 });
    const gaps = await s.compliance.installs(SYSTEM_ACTOR, orgId, { status: 'uncovered' });
    expect(gaps.map((g) => `${g.deviceName}:${g.productKey}:${g.reason}`).sort()).toEqual(['sn2:microsoft/windows:oem-other-device', 'sn3:microsoft/office:version-out-of-range']);
    const summary = await s.compliance.orgSummary(SYSTEM_ACTOR, orgId);
    expect(summary).toMatchObject({ devices: 3, devicesRequiring: 3, compliantDevices: 1, shortfall: 2, estimatedShortfallCost: 4200, day: '2026-06-01' });
    expect(summary.overall).toMatchObject({ required: 5, covered: 3 });
    expect(summary.byCategory['operating-system']).toMatchObject({ required: 2, covered: 1 });
    expect(summary.byCategory['office-suite']).toMatchObject({ required: 3, covered: 2 });
  });

  // A real FusionInventory message of a Windows 8.1 PC: the system is in HARDWARE/OSNAME only, never among the software.
  it.skipIf(!hasSharedData('glpi-inventory-format/legacy-xml/12.xml'))('counts the system a real agent describes, and covers it with the OEM licence of its serial', async () => {
    const other = (await createOrg(s)).id;
    const content = fs.readFileSync(sharedData('glpi-inventory-format/legacy-xml/12.xml'));
    const r = await s.inventoryImporter.import(SYSTEM_ACTOR, other, [{ name: '12.xml', content }], { dryRun: false });
    expect(r).toMatchObject({ inventories: 1, devicesCreated: 1 });
    await s.compliance.engine.idle();
    const windows = async () => (await s.compliance.positions(SYSTEM_ACTOR, other, { page: 1, pageSize: 100 })).items.find((p) => p.productKey === 'microsoft/windows');
    expect(await windows()).toMatchObject({ installs: 1, coveredInstalls: 0, shortfall: 1 });
    expect((await s.compliance.orgSummary(SYSTEM_ACTOR, other)).byCategory['operating-system']).toMatchObject({ required: 1, covered: 0 });
    await s.entitlements.create(SYSTEM_ACTOR, other, body({ metric: 'oem', oemSerial: 'CZC0479792', productKeys: ['microsoft/windows'] }));
    expect(await windows()).toMatchObject({ installs: 1, coveredInstalls: 1, shortfall: 0 });
    expect((await s.compliance.orgSummary(SYSTEM_ACTOR, other)).byCategory['operating-system']).toMatchObject({ required: 1, covered: 1 });
    const [os] = await s.compliance.installs(SYSTEM_ACTOR, other, { status: 'covered' });
    expect(os).toMatchObject({ name: 'Microsoft Windows 8.1 Professionnel', productKey: 'microsoft/windows' });
  });

  it('updates positions after a new inventory, and a full recomputation finds nothing to change', async () => {
    await pc('SN4', [OFFICE_2019]);
    await s.compliance.engine.idle();
    expect(await position('microsoft/office')).toMatchObject({ installs: 4, coveredInstalls: 3, consumed: 3, surplus: 2 });
    const check = await s.compliance.recompute(SYSTEM_ACTOR, { check: true });
    expect(check.differences).toEqual([]);
    expect(check.written).toBe(false);
  });

  it('closes a rectification task by itself when the gap is gone, recording the verification', async () => {
    const proposal = await s.compliance.proposal(SYSTEM_ACTOR, orgId, 'microsoft/windows');
    expect(proposal.actions.find((a) => a.action === 'buy')).toMatchObject({ quantity: 1, estimatedCost: 1200 });
    const task = await s.compliance.createTask(SYSTEM_ACTOR, orgId, { productKey: 'microsoft/windows', action: 'buy', replacementKey: null, assigneeId: null, dueDate: '2026-05-01', quantity: null, note: null });
    expect(task).toMatchObject({ status: 'open', overdue: true, shortfallNow: 1, estimatedCost: 1200 });
    expect((await s.compliance.listTasks(SYSTEM_ACTOR, { overdue: true, page: 1, pageSize: 10 })).total).toBe(1);
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'oem', oemSerial: 'SN2', productKeys: ['microsoft/windows'] }));
    const after = await s.compliance.task(SYSTEM_ACTOR, task.id);
    expect(after).toMatchObject({ status: 'verified', shortfallNow: 0 });
    expect(JSON.parse(after.verification!)).toMatchObject({ day: '2026-06-01', shortfall: 0 });
  });

  it('detects stored positions that differ from a full recomputation, and repairs them', async () => {
    await s.database.db.updateTable('compliance_positions').set({ shortfall: 7 }).where('product_key', '=', 'microsoft/office').execute();
    const check = await s.compliance.recompute(SYSTEM_ACTOR, { check: true });
    expect(check.differenceCount).toBeGreaterThan(0);
    expect(check.differences.join('\n')).toContain('microsoft/office');
    const fix = await s.compliance.recompute(SYSTEM_ACTOR, {});
    expect(fix.written).toBe(true);
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);
  });

  it('detects a stored gap that names another device, or one gap too many, and repairs them', async () => {
    const gaps = await s.database.db.selectFrom('compliance_gaps').selectAll().execute();
    expect(gaps.length).toBeGreaterThan(0);
    const g = gaps[0]!;
    // The same number of lines, one field changed: the digests differ.
    await s.database.db.updateTable('compliance_gaps').set({ device_id: 'not-a-device' }).where('org_id', '=', g.org_id).where('product_key', '=', g.product_key).where('device_id', '=', g.device_id).execute();
    let check = await s.compliance.recompute(SYSTEM_ACTOR, { check: true });
    expect(check.differences.join('\n')).toContain('not-a-device');
    await s.compliance.recompute(SYSTEM_ACTOR, {});
    await s.database.db.insertInto('compliance_gaps').values({ ...g, device_id: 'one-more' }).execute();
    check = await s.compliance.recompute(SYSTEM_ACTOR, { check: true });
    expect(check.differences.join('\n')).toContain('one-more');
    await s.compliance.recompute(SYSTEM_ACTOR, {});
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);
  });

  it('records a transfer instead of editing the source, and moves the coverage with it', async () => {
    const other = (await createOrg(s)).id;
    const src = (await s.entitlements.list(SYSTEM_ACTOR, { orgId, metric: 'volume', page: 1, pageSize: 10 })).items[0]!;
    const t = await s.entitlements.transfer(SYSTEM_ACTOR, orgId, src.id, { toOrgId: other, quantity: 2, reason: '机构调整' });
    expect(t).toMatchObject({ quantity: 2, fromOrgId: orgId, toOrgId: other });
    const after = await s.entitlements.get(SYSTEM_ACTOR, orgId, src.id);
    expect(after).toMatchObject({ quantity: 5, transferredOut: 2, effectiveQuantity: 3 });
    expect(after.transfers).toHaveLength(1);
    expect(await position('microsoft/office')).toMatchObject({ entitled: 3, consumed: 3, surplus: 0 });
    await expect(s.entitlements.transfer(SYSTEM_ACTOR, orgId, src.id, { toOrgId: other, quantity: 4, reason: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);
  });

  it('follows recognition: a local rule that makes a title free takes its installs out of the positions', async () => {
    const before = await position('rarlab/winrar');
    expect(before).toBeUndefined();
    await pc('SN5', [buildSoftware('Zhejiang Paid Tool 1.0', '1.0', { source: 'windows', publisher: 'ZJ Soft' })]);
    await s.compliance.engine.idle();
    await s.recognition.createRule(SYSTEM_ACTOR, { rule: { publisher: 'ZJ Soft', product: 'Zhejiang Paid Tool', category: 'utility', licence: 'commercial', match: ['^zhejiang paid tool'] }, enabled: true });
    expect(await position('zj-soft/zhejiang-paid-tool')).toMatchObject({ installs: 1, shortfall: 1 });
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);
  });

  it('recomputes when the organization tree changes: an agency turned enterprise leaves a central purchase', async () => {
    const agency = await createOrg(s, { regionCode: '330106' });
    const av = win('Kaspersky Endpoint Security for Windows');
    await s.inventory.ingest({ ...sub(), orgId: agency.id }, buildInventory({ serial: 'AV-1', hostname: 'av-1' }, [av]));
    await s.compliance.engine.idle();
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'device', quantity: 10, productKeys: ['kaspersky/kaspersky'], scope: { kind: 'region', regionCode: '330000' } }));
    const avPosition = async () => (await s.compliance.positions(SYSTEM_ACTOR, agency.id, { page: 1, pageSize: 10 })).items.find((p) => p.productKey === 'kaspersky/kaspersky');
    expect(await avPosition()).toMatchObject({ coveredInstalls: 1, shortfall: 0 });
    const { name, uscc, level, regionCode, parentId, staffCount } = agency;
    await s.orgs.update(SYSTEM_ACTOR, agency.id, { name, uscc, level, regionCode, parentId, staffCount, type: 'enterprise', agencyKind: null, ownership: 'private', industry: 'other' });
    await s.compliance.engine.idle();
    expect(await avPosition()).toMatchObject({ coveredInstalls: 0, shortfall: 1 });
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);
  });

  it('rolls the organization up to its prefecture, province and the nation, with a daily trend', async () => {
    const nat = await s.compliance.region(SYSTEM_ACTOR, '000000');
    const zj = nat.children.find((c) => c.regionCode === '330000')!;
    expect(zj.overall.required).toBeGreaterThanOrEqual(6);
    const hz = await s.compliance.region(SYSTEM_ACTOR, '330000');
    expect(hz.children.find((c) => c.regionCode === '330100')).toBeDefined();
    const trend = await s.compliance.trend(SYSTEM_ACTOR, { orgId, days: 30 });
    expect(trend.map((p) => p.day)).toEqual(['2026-06-01']);
    const regionTrend = await s.compliance.trend(SYSTEM_ACTOR, { regionCode: '330000', days: 30 });
    expect(regionTrend[0]!.overall.required).toBe(zj.overall.required);
  });

  it('proposes free and domestic office suites in place of Office, the ones on most of the organization’s devices first', async () => {
    const LIBREOFFICE = buildSoftware('LibreOffice 7.6.4.1', '7.6.4.1', { source: 'windows', publisher: 'The Document Foundation' });
    const WPS = buildSoftware('WPS Office', '11.1.0.11365', { source: 'windows', publisher: 'Kingsoft Corp.' });
    await pc('SN6', [LIBREOFFICE, WPS]);
    await pc('SN7', [LIBREOFFICE]);
    // Another organization's devices do not count for this one.
    const other = (await createOrg(s)).id;
    for (const serial of ['SN8', 'SN9', 'SN10']) await s.inventory.ingest({ ...sub(), orgId: other }, buildInventory({ serial, hostname: serial.toLowerCase() }, [WPS]));
    const proposal = await s.compliance.proposal(SYSTEM_ACTOR, orgId, 'microsoft/office');
    const replace = proposal.actions.find((a) => a.action === 'replace')!;
    const byKey = new Map(replace.alternatives.map((a) => [a.productKey, a]));
    const libre = replace.alternatives.find((a) => a.product?.includes('LibreOffice'));
    const wps = replace.alternatives.find((a) => a.domestic && a.product?.includes('WPS'));
    expect(libre).toMatchObject({ devices: 2, domestic: false });
    expect(wps).toMatchObject({ devices: 1 });
    expect(replace.alternatives.indexOf(libre!)).toBeLessThan(replace.alternatives.indexOf(wps!));
    expect(byKey.has('microsoft/office')).toBe(false);
  });
});
