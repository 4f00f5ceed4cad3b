import { entitlementBody, type EntitlementBody } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { prng } from '../../storage/seeds/uscc-generator.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { emptyHardware, type NormalizedInventory, type NormalizedSoftware } from '../inventory/inventory.types.ts';
import type { Services } from '../services.ts';

/**
 * The demo profile's computers and licences: a few computers in most
 * organizations of the demo province, and six months of purchases so the
 * legalization-rate trend rises. Deterministic. The provincial finance
 * department (the demo organization administrator's) is left empty: its
 * administrator connects the first agent.
 */

const sw = (name: string, publisher: string, version: string): NormalizedSoftware => ({ name, version, publisher, arch: 'x64', installDate: null, source: 'windows', guid: null, sizeBytes: null, systemCategory: null });

const OS = [sw('Microsoft Windows 10 Pro', 'Microsoft Corporation', '10.0.19045'), sw('Microsoft Windows 11 Pro', 'Microsoft Corporation', '10.0.22631'), sw('Microsoft Windows 7 旗舰版', 'Microsoft Corporation', '6.1.7601')];
const OFFICE = [
  sw('Microsoft Office 专业增强版 2019 - zh-cn', 'Microsoft Corporation', '16.0.10827.20181'),
  sw('Microsoft Office Professional Plus 2016', 'Microsoft Corporation', '16.0.4266.1001'),
  sw('Microsoft Office Standard 2016', 'Microsoft Corporation', '16.0.4266.1001'),
  sw('WPS Office 2019 政府版', 'Kingsoft Corp.', '11.8.2.12085'),
  sw('WPS Office', 'Kingsoft Corp.', '11.1.0.11365'),
];
const ANTIVIRUS = [sw('Kaspersky Endpoint Security for Windows', 'AO Kaspersky Lab', '11.6.0.394'), sw('360安全卫士', '360.cn', '13.0.0.2001'), sw('火绒安全软件', 'Huorong', '5.0.73.4')];
const EXTRAS = [
  sw('Google Chrome', 'Google LLC', '120.0.6099.130'),
  sw('腾讯QQ', '腾讯科技(深圳)有限公司', '9.7.20'),
  sw('微信', '腾讯科技(深圳)有限公司', '3.9.8'),
  sw('钉钉', 'Alibaba', '7.0.50'),
  sw('WinRAR 5.91 (64-bit)', 'win.rar GmbH', '5.91.0'),
  sw('Adobe Acrobat Reader DC - Chinese Simplified', 'Adobe Systems Incorporated', '21.001.20155'),
  sw('Foxit PDF Editor', 'Foxit Software Inc.', '12.0.1'),
  sw('Adobe Photoshop 2021', 'Adobe Inc.', '22.0.0'),
  sw('Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532', 'Microsoft Corporation', '14.36.32532'),
  sw('用友U8+', '用友网络科技股份有限公司', '13.0'),
];

const COMMERCIAL_EXTRAS = new Set(['WinRAR 5.91 (64-bit)', 'Foxit PDF Editor', 'Adobe Photoshop 2021', '用友U8+']);

/** The last day of the month `back` months before `today` (YYYY-MM-DD); 0 = today. */
function monthEnd(today: string, back: number): string {
  if (back === 0) return today;
  const [y, m] = today.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back + 1, 0));
  return d.toISOString().slice(0, 10);
}

export async function seedDemoEstate(s: Services): Promise<{ devices: number; entitlements: number }> {
  const rand = prng(20121231);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const orgs = (await repositories(s.database.db).orgs.list({ kind: 'all' }, {}, { offset: 0, limit: 1000 })).rows.filter((o) => o.name !== '浙江省财政厅');
  const engine = s.compliance.engine;
  const today = engine.clock();
  const realClock = engine.clock;
  const at = (back: number) => () => monthEnd(today, back);

  // Five months ago: every computer reports; only some OEM Windows licences are on record.
  // (Seeding recomputes once per month below instead of refreshing after every write.)
  engine.clock = at(5);
  const onChanged = s.inventory.onChanged;
  s.inventory.onChanged = null;
  let devices = 0;
  const oemSerials = new Map<string, string[]>();
  for (const org of orgs) {
    const n = org.type === 'agency' ? 3 + Math.floor(rand() * 6) : 2 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) {
      const serial = `DEMO${org.uscc.slice(-6)}${String(i).padStart(2, '0')}`;
      // The system as an agent reports it: the machine's description, not an installed program (ingestion makes it an install).
      const os = pick(OS);
      const software = [pick(OFFICE), pick(ANTIVIRUS), ...EXTRAS.filter((x) => rand() < (COMMERCIAL_EXTRAS.has(x.name) ? 0.12 : 0.5))];
      const inv: NormalizedInventory = {
        format: 'ocs-xml',
        agent: 'OCS-NG_WINDOWS_AGENT_v2.10.1.0',
        tag: org.uscc,
        hardware: { ...emptyHardware(), hostname: `${org.uscc.slice(-4)}-PC${String(i + 1).padStart(2, '0')}`, serial, osName: os.name, osVersion: os.version, osArch: '64-bit', lastUser: `user${i + 1}`, manufacturer: pick(['Lenovo', 'Huawei', 'Dell', 'Tongfang']), model: 'Desktop' },
        software,
        partial: false,
        softwareIncluded: true,
        collectedAt: null,
      };
      await s.inventory.ingest({ orgId: org.id, credentialId: null, channel: 'import', format: 'ocs-xml', agent: inv.agent, remoteAddr: null, raw: Buffer.from(JSON.stringify(inv)), encoding: 'identity' }, inv);
      if (rand() < 0.5) (oemSerials.get(org.id) ?? oemSerials.set(org.id, []).get(org.id)!).push(serial);
      devices++;
    }
  }
  s.inventory.onChanged = onChanged;
  let entitlements = 0;
  const byId = new Map(orgs.map((o) => [o.id, o]));
  let batch: [string, EntitlementBody][] = [];
  const add = async (orgId: string, b: Partial<EntitlementBody> & Pick<EntitlementBody, 'name' | 'metric' | 'productKeys'>) => {
    batch.push([orgId, entitlementBody.parse({ quantity: 1, currency: 'CNY', ...b })]);
  };
  /** Records the month's purchases in one transaction, then computes the month. */
  const commit = async () => {
    const rows = batch;
    batch = [];
    await s.database.transaction(async (trx) => {
      for (const [orgId, b] of rows) await s.entitlements.createIn(trx, SYSTEM_ACTOR, byId.get(orgId)!, b);
    });
    entitlements += rows.length;
    await engine.recompute();
  };
  for (const [orgId, serials] of oemSerials) for (const serial of serials) await add(orgId, { name: 'Windows 预装（OEM）', metric: 'oem', oemSerial: serial, productKeys: ['microsoft/windows'], unitPrice: 1088 });
  await commit();

  // Then, month by month, purchases: the province's central antivirus purchase, Office volume licences, WPS government edition.
  const province = orgs.find((o) => o.level === 'provincial' && o.type === 'agency')!;
  const agencies = orgs.filter((o) => o.type === 'agency');
  for (let back = 4; back >= 0; back--) {
    engine.clock = at(back);
    const day = engine.clock();
    if (back === 4) await add(province.id, { name: '浙江省杀毒软件集中采购', metric: 'volume', agreementNo: 'ZJCG-2026-017', productKeys: ['kaspersky/kaspersky'], quantity: 150, scope: { kind: 'region', regionCode: '330000' }, purchasedAt: day, unitPrice: 96, vendor: '浙江政府采购中心', orderNo: 'ZJCG-2026-017' });
    const batch = agencies.filter((_, i) => i % 5 === back % 5);
    for (const org of batch) {
      await add(org.id, { name: 'Office 2019 专业增强版 批量许可', metric: 'volume', agreementNo: `VL-${org.uscc.slice(-6)}`, productKeys: ['microsoft/office'], editions: ['Professional Plus'], versionRange: { min: '16.0', minRelease: '2019', max: '16.0', maxRelease: '2019' }, downgradeRights: true, quantity: 4 + Math.floor(rand() * 4), purchasedAt: day, unitPrice: 2980, orderNo: `PO-${day.replaceAll('-', '')}-${org.uscc.slice(-4)}` });
      await add(org.id, { name: 'WPS Office 政府版 场地授权', metric: 'site', productKeys: ['kingsoft/wps-office'], purchasedAt: day, unitPrice: 450, start: day });
      await add(org.id, { name: 'Windows 10/11 专业版 批量升级', metric: 'volume', agreementNo: `WIN-${org.uscc.slice(-6)}`, productKeys: ['microsoft/windows'], quantity: 3, purchasedAt: day, unitPrice: 1350 });
    }
    await commit();
  }
  engine.clock = realClock;
  await engine.recompute();

  // Two rectification tasks from the gaps left: one overdue.
  const gaps = await s.database.db.selectFrom('compliance_positions').select(['org_id', 'product_key']).where('shortfall', '>', 0).orderBy('org_id').orderBy('product_key').limit(2).execute();
  for (const [i, g] of gaps.entries()) {
    await s.compliance.createTask(SYSTEM_ACTOR, g.org_id, { productKey: g.product_key, action: 'buy', replacementKey: null, assigneeId: null, dueDate: monthEnd(today, i === 0 ? 1 : -1), quantity: null, note: i === 0 ? '年初预算已批，等待采购' : null });
  }
  return { devices, entitlements };
}
