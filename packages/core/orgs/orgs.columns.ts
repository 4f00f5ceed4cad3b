import { ADMIN_LEVELS, AGENCY_KINDS, INDUSTRIES, ORG_LABELS, ORG_TYPES, OWNERSHIPS } from '../../contracts/index.ts';

/**
 * The spreadsheet columns of organizations: one definition serves the
 * import template, the import and the export. Headers are Chinese.
 */
export const ORG_COLUMNS = {
  name: '单位名称',
  uscc: '统一社会信用代码',
  type: '单位类型',
  agencyKind: '机关类别',
  ownership: '企业性质',
  industry: '所属行业',
  level: '行政级别',
  regionCode: '行政区划代码',
  parentUscc: '上级单位统一社会信用代码',
  staffCount: '人员数量',
} as const;
export type OrgColumn = keyof typeof ORG_COLUMNS;

/** Columns that must be filled on every row. */
export const REQUIRED_COLUMNS: OrgColumn[] = ['name', 'uscc', 'type', 'level', 'regionCode'];

/** Allowed values per enum column: code → Chinese label. */
export const ENUM_COLUMNS = {
  type: { values: ORG_TYPES, labels: ORG_LABELS.type },
  agencyKind: { values: AGENCY_KINDS, labels: ORG_LABELS.agencyKind },
  ownership: { values: OWNERSHIPS, labels: ORG_LABELS.ownership },
  industry: { values: INDUSTRIES, labels: ORG_LABELS.industry },
  level: { values: ADMIN_LEVELS, labels: ORG_LABELS.level },
} as const;

/** Accepts either the Chinese label or the code; returns the code or null. */
export function enumFromCell(col: keyof typeof ENUM_COLUMNS, text: string): string | null {
  const { values, labels } = ENUM_COLUMNS[col];
  const t = text.trim();
  if ((values as readonly string[]).includes(t)) return t;
  for (const [code, label] of Object.entries(labels)) if (label === t) return code;
  return null;
}

/** The instructions sheet of the template: allowed values of each column. */
export function templateHelpRows(): string[][] {
  const rows: string[][] = [['列', '说明 / 可选值']];
  rows.push([ORG_COLUMNS.name, '必填，2–200 字']);
  rows.push([ORG_COLUMNS.uscc, '必填，18 位，按 GB 32100-2015 校验；已存在的代码将更新该单位']);
  for (const col of Object.keys(ENUM_COLUMNS) as (keyof typeof ENUM_COLUMNS)[]) {
    const labels = Object.values(ENUM_COLUMNS[col].labels).join('、');
    const note = col === 'agencyKind' ? '（政府机关必填）' : col === 'ownership' || col === 'industry' ? '（企业必填）' : '（必填）';
    rows.push([ORG_COLUMNS[col], `${labels}${note}`]);
  }
  rows.push([ORG_COLUMNS.regionCode, '必填，6 位 GB/T 2260 行政区划代码，如 330100']);
  rows.push([ORG_COLUMNS.parentUscc, '可选；上级单位可在本文件中或系统中已存在']);
  rows.push([ORG_COLUMNS.staffCount, '可选，非负整数']);
  return rows;
}
