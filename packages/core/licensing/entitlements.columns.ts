import { LICENCE_METRICS, METRIC_LABELS, SCOPE_KINDS, SCOPE_LABELS, type EntitlementView } from '../../contracts/index.ts';
import type { XlsxColumn } from '../files/tabular.ts';

/**
 * The spreadsheet columns of entitlements (授权): one definition serves the
 * import template, the import and the export. Headers are Chinese.
 */
export const ENTITLEMENT_COLUMNS = {
  ownerUscc: '单位统一社会信用代码',
  name: '授权名称',
  productKeys: '产品标识',
  editions: '版本(edition)',
  versionMin: '版本范围起',
  versionMinRelease: '起始发行版',
  versionMax: '版本范围止',
  versionMaxRelease: '截止发行版',
  downgradeRights: '降级权利',
  upgradeRightsUntil: '升级保障截止',
  metric: '计量方式',
  quantity: '数量',
  oemSerial: 'OEM设备序列号',
  agreementNo: '批量许可协议号',
  start: '生效日期',
  end: '到期日期',
  scopeKind: '适用范围',
  scopeRegionCode: '适用区划代码',
  orderNo: '订单号',
  vendor: '供应商',
  unitPrice: '单价',
  currency: '币种',
  purchasedAt: '采购日期',
  notes: '备注',
} as const;
export type EntitlementColumn = keyof typeof ENTITLEMENT_COLUMNS;

/** Columns that must be filled on every row. */
export const REQUIRED_ENTITLEMENT_COLUMNS: EntitlementColumn[] = ['ownerUscc', 'name', 'productKeys', 'metric'];

/** Separator of several product keys or editions in one cell (ASCII or full-width semicolon, or a line break). */
export const LIST_SEPARATOR = /[;；\n]/;

/**
 * A header as people retype it: without spaces, with ASCII parentheses and
 * without a trailing hint in parentheses, so that `降级权利（是/否）` and
 * `版本 (edition)` find their columns.
 */
export function headerKey(h: string): string {
  return h
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\([^)]*\)$/, '')
    .toLowerCase();
}

/** Reads a code or its label (Chinese or English) of a metric or a scope kind; null when it is neither. */
export function codeFromLabel<C extends string>(codes: readonly C[], labels: Record<C, { 'zh-CN': string; 'en-US': string }>, text: string): C | null {
  const t = text.trim();
  if ((codes as readonly string[]).includes(t)) return t as C;
  for (const c of codes) if (labels[c]['zh-CN'] === t || labels[c]['en-US'].toLowerCase() === t.toLowerCase()) return c;
  return null;
}

export const metricFromCell = (text: string) => codeFromLabel(LICENCE_METRICS, METRIC_LABELS, text);
export const scopeFromCell = (text: string) => codeFromLabel(SCOPE_KINDS, SCOPE_LABELS, text);

/** 是/否 (also yes/no, true/false, 1/0); null when it is none of them. */
export function yesNoFromCell(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['是', '有', 'y', 'yes', 'true', '1'].includes(t)) return true;
  if (['否', '无', 'n', 'no', 'false', '0'].includes(t)) return false;
  return null;
}

/** An entitlement as an export row: the owner's USCC is looked up by the exporter. */
export type EntitlementExportRow = EntitlementView & { ownerUscc: string };

const join = (v: readonly string[] | null) => (v ? v.join(';') : '');

/** Export columns: the import columns first and in the same order (an export re-imports), then extras. */
export const ENTITLEMENT_EXPORT_COLUMNS: XlsxColumn<EntitlementExportRow>[] = [
  { header: ENTITLEMENT_COLUMNS.ownerUscc, width: 22, value: (e) => e.ownerUscc },
  { header: ENTITLEMENT_COLUMNS.name, width: 32, value: (e) => e.name },
  { header: ENTITLEMENT_COLUMNS.productKeys, width: 32, value: (e) => join(e.productKeys) },
  { header: ENTITLEMENT_COLUMNS.editions, value: (e) => join(e.editions) },
  { header: ENTITLEMENT_COLUMNS.versionMin, value: (e) => e.versionRange.min },
  { header: ENTITLEMENT_COLUMNS.versionMinRelease, value: (e) => e.versionRange.minRelease },
  { header: ENTITLEMENT_COLUMNS.versionMax, value: (e) => e.versionRange.max },
  { header: ENTITLEMENT_COLUMNS.versionMaxRelease, value: (e) => e.versionRange.maxRelease },
  { header: ENTITLEMENT_COLUMNS.downgradeRights, value: (e) => (e.downgradeRights ? '是' : '否') },
  { header: ENTITLEMENT_COLUMNS.upgradeRightsUntil, value: (e) => e.upgradeRightsUntil },
  { header: ENTITLEMENT_COLUMNS.metric, value: (e) => METRIC_LABELS[e.metric]['zh-CN'] },
  { header: ENTITLEMENT_COLUMNS.quantity, value: (e) => e.quantity },
  { header: ENTITLEMENT_COLUMNS.oemSerial, value: (e) => e.oemSerial },
  { header: ENTITLEMENT_COLUMNS.agreementNo, value: (e) => e.agreementNo },
  { header: ENTITLEMENT_COLUMNS.start, value: (e) => e.start },
  { header: ENTITLEMENT_COLUMNS.end, value: (e) => e.end },
  { header: ENTITLEMENT_COLUMNS.scopeKind, width: 24, value: (e) => SCOPE_LABELS[e.scope.kind]['zh-CN'] },
  { header: ENTITLEMENT_COLUMNS.scopeRegionCode, value: (e) => e.scope.regionCode },
  { header: ENTITLEMENT_COLUMNS.orderNo, value: (e) => e.orderNo },
  { header: ENTITLEMENT_COLUMNS.vendor, width: 24, value: (e) => e.vendor },
  { header: ENTITLEMENT_COLUMNS.unitPrice, value: (e) => e.unitPrice },
  { header: ENTITLEMENT_COLUMNS.currency, value: (e) => e.currency },
  { header: ENTITLEMENT_COLUMNS.purchasedAt, value: (e) => e.purchasedAt },
  { header: ENTITLEMENT_COLUMNS.notes, width: 30, value: (e) => e.notes },
  { header: '单位名称', width: 30, value: (e) => e.orgName },
  { header: '已转出数量', value: (e) => e.transferredOut },
  { header: '有效数量', value: (e) => e.effectiveQuantity },
  { header: '已占用', value: (e) => e.consumed },
  { header: '剩余', value: (e) => e.remaining },
  { header: '状态', value: (e) => ({ valid: '有效', expired: '已过期', 'not-yet-valid': '未生效' })[e.validity] },
  { header: '证明材料数', value: (e) => e.documents },
];

/** The example row of the template: a volume licence of Office bought by a Hangzhou bureau. */
export const ENTITLEMENT_TEMPLATE_EXAMPLE: Record<EntitlementColumn, string> = {
  ownerUscc: '11330100002482061X',
  name: 'Office 2019 专业增强版 批量许可',
  productKeys: 'microsoft/office',
  editions: 'Professional Plus',
  versionMin: '',
  versionMinRelease: '',
  versionMax: '16.0',
  versionMaxRelease: '2019',
  downgradeRights: '是',
  upgradeRightsUntil: '',
  metric: METRIC_LABELS.volume['zh-CN'],
  quantity: '120',
  oemSerial: '',
  agreementNo: 'V1234567',
  start: '2024-01-01',
  end: '',
  scopeKind: SCOPE_LABELS.org['zh-CN'],
  scopeRegionCode: '',
  orderNo: 'CG-2024-0012',
  vendor: '示例软件经销有限公司',
  unitPrice: '2,980',
  currency: 'CNY',
  purchasedAt: '2023-12-15',
  notes: '',
};

/** The instructions sheet of the template: what each column takes. */
export function entitlementTemplateHelpRows(): string[][] {
  const C = ENTITLEMENT_COLUMNS;
  const metrics = LICENCE_METRICS.map((m) => METRIC_LABELS[m]['zh-CN']).join('、');
  const scopes = SCOPE_KINDS.map((k) => SCOPE_LABELS[k]['zh-CN']).join('、');
  return [
    ['列', '说明 / 可选值'],
    [C.ownerUscc, '必填，授权所属单位的 18 位统一社会信用代码（须在您的管辖范围内）'],
    [C.name, '必填，如“Office 2019 专业增强版 批量许可”'],
    [C.productKeys, '必填，软件目录中的“发行商/产品”标识，如 microsoft/office；多个用英文分号 ; 分隔（套件列出其产品）'],
    [C.editions, '可选，适用的版本（edition），如 Professional Plus；多个用 ; 分隔；留空表示任意版本'],
    [C.versionMin, '可选，适用的最低版本号，如 16.0'],
    [C.versionMinRelease, '可选，适用的最早发行版，如 2016'],
    [C.versionMax, '可选，适用的最高版本号'],
    [C.versionMaxRelease, '可选，适用的最晚发行版，如 2019'],
    [C.downgradeRights, '是 / 否（留空为否）：是否可使用较低版本'],
    [C.upgradeRightsUntil, '可选，升级保障（软件保障）截止日期 YYYY-MM-DD'],
    [C.metric, `必填，${metrics}`],
    [C.quantity, '按设备、按用户、并发、批量许可、订阅须填写大于 0 的整数；场地、免费、OEM 可留空'],
    [C.oemSerial, 'OEM 预装授权必填：所绑定计算机的 BIOS 序列号；其他计量方式留空'],
    [C.agreementNo, '批量许可必填：协议号'],
    [C.start, '可选，YYYY-MM-DD'],
    [C.end, '可选，YYYY-MM-DD；订阅必填'],
    [C.scopeKind, `可选（留空为本单位），${scopes}`],
    [C.scopeRegionCode, '适用范围为集中采购时必填：6 位行政区划代码，须包含所属单位的区划'],
    [C.orderNo, '可选，采购订单号'],
    [C.vendor, '可选，供应商名称'],
    [C.unitPrice, '可选，单价（数字，可含千位分隔符）'],
    [C.currency, '可选，3 位币种代码；填写单价而未填币种时按 CNY'],
    [C.purchasedAt, '可选，采购日期 YYYY-MM-DD'],
    [C.notes, '可选'],
    ['', ''],
    ['重复导入', '单位、订单号、批量许可协议号、授权名称、产品标识、OEM 设备序列号均相同且条款相同的行视为已登记，不会重复创建'],
  ];
}
