import { keepUpload } from '../files/uploads.ts';
import type { Transaction } from 'kysely';
import { FIELD_MESSAGES, LIMITS, orgCreateBody, translateIssue, type Lang, type OrgCreateInput, type OrgImportResult } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError } from '../errors.ts';
import { assertCan, can, type Actor } from '../policy/policy.ts';
import { readTabular, type TabularRow } from '../files/tabular.ts';
import { ENUM_COLUMNS, ORG_COLUMNS, REQUIRED_COLUMNS, enumFromCell, type OrgColumn } from './orgs.columns.ts';
import type { OrgsService } from './orgs.service.ts';

type RowError = OrgImportResult['errors'][number];

interface ParsedRow {
  row: number;
  input: OrgCreateInput;
  parentUscc: string | null;
}

/** Rolls a dry run back after it computed everything. */
class DryRunRollback extends Error {}

export interface ImportOptions {
  mode: 'all-or-nothing' | 'valid-rows';
  dryRun: boolean;
  filename: string;
  contentType?: string | undefined;
  lang: Lang;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Turns spreadsheet rows into validated inputs; reports every problem by row
 * and column header.
 */
export function parseOrgRows(rows: TabularRow[], lang: Lang): { parsed: ParsedRow[]; errors: RowError[] } {
  const parsed: ParsedRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const cell = (c: OrgColumn) => cells[ORG_COLUMNS[c]] ?? '';
    const rowErrors: RowError[] = [];
    for (const c of REQUIRED_COLUMNS) {
      if (!cell(c)) rowErrors.push({ row, field: ORG_COLUMNS[c], code: 'required', message: FIELD_MESSAGES.required[lang] });
    }
    const enums: Partial<Record<keyof typeof ENUM_COLUMNS, string | null>> = {};
    for (const c of Object.keys(ENUM_COLUMNS) as (keyof typeof ENUM_COLUMNS)[]) {
      const text = cell(c);
      if (!text) continue;
      const v = enumFromCell(c, text);
      if (v === null) rowErrors.push({ row, field: ORG_COLUMNS[c], code: 'import.value', message: `${FIELD_MESSAGES['import.value'][lang]}: ${text}` });
      enums[c] = v;
    }
    const staffText = cell('staffCount');
    const staff = staffText === '' ? 0 : Number(staffText.replace(/,/g, ''));
    if (rowErrors.length === 0) {
      const candidate = {
        name: cell('name'),
        uscc: cell('uscc'),
        type: enums.type,
        agencyKind: enums.agencyKind ?? null,
        ownership: enums.ownership ?? null,
        industry: enums.industry ?? null,
        level: enums.level,
        regionCode: cell('regionCode'),
        parentId: null,
        staffCount: staff,
      };
      const res = orgCreateBody.safeParse(candidate);
      if (!res.success) {
        for (const issue of res.error.issues) {
          const t = translateIssue(issue, lang);
          const key = (issue.path[0] === 'parentId' ? 'parentUscc' : issue.path[0]) as OrgColumn;
          rowErrors.push({ row, field: ORG_COLUMNS[key] ?? t.path, code: t.code, message: t.message });
        }
      } else {
        const dup = seen.get(res.data.uscc);
        if (dup !== undefined) {
          rowErrors.push({ row, field: ORG_COLUMNS.uscc, code: 'import.duplicate', message: `${FIELD_MESSAGES['import.duplicate'][lang]} (${dup})` });
        } else {
          seen.set(res.data.uscc, row);
          parsed.push({ row, input: res.data, parentUscc: cell('parentUscc').toUpperCase() || null });
        }
      }
    }
    errors.push(...rowErrors);
  }
  return { parsed, errors };
}

/** Orders rows so that a parent defined in the file comes before its children. */
function parentsFirst(rows: ParsedRow[]): ParsedRow[] {
  const byUscc = new Map(rows.map((r) => [r.input.uscc, r]));
  const out: ParsedRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: ParsedRow) => {
    const s = state.get(r.input.uscc);
    if (s === 'done' || s === 'visiting') return; // a cycle is reported later as a missing parent
    state.set(r.input.uscc, 'visiting');
    const p = r.parentUscc ? byUscc.get(r.parentUscc) : undefined;
    if (p) visit(p);
    state.set(r.input.uscc, 'done');
    out.push(r);
  };
  rows.forEach(visit);
  return out;
}

/** Imports organizations from XLSX/CSV: creates new ones, updates existing ones by USCC. */
export class OrgsImporter {
  constructor(
    private readonly database: Database,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, file: Buffer, opts: ImportOptions): Promise<OrgImportResult> {
    assertCan(actor, 'org.write');
    const uploadId = await this.keepUpload(actor, file, opts);
    const table = await readTabular(file, { filename: opts.filename, maxRows: LIMITS.importRows });
    const { parsed, errors } = parseOrgRows(table, opts.lang);
    const result: OrgImportResult = { uploadId, totalRows: table.length, created: 0, updated: 0, unchanged: 0, skipped: 0, dryRun: opts.dryRun, rejected: false, errors };
    try {
      await this.database.transaction(async (trx) => {
        await this.apply(trx, actor, parsed, result, opts);
        result.errors.sort((a, b) => a.row - b.row);
        if (result.errors.length > 0 && opts.mode === 'all-or-nothing') {
          result.rejected = true;
          throw new DryRunRollback();
        }
        result.skipped = new Set(result.errors.map((e) => e.row)).size;
        if (opts.dryRun) throw new DryRunRollback();
        await this.audit.append(trx, actor, { action: 'import', entityType: 'organization', entityId: null, orgId: actor.orgId, regionCode: actor.regionCode, after: { uploadId, filename: opts.filename, created: result.created, updated: result.updated, skipped: result.skipped } });
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    if (result.rejected) {
      result.skipped = result.totalRows;
      result.created = 0;
      result.updated = 0;
      result.unchanged = 0;
    }
    if (result.updated > 0 && !opts.dryRun) this.orgs.onStructureChanged?.();
    return result;
  }

  private async apply(trx: Transaction<DB>, actor: Actor, rows: ParsedRow[], result: OrgImportResult, opts: ImportOptions) {
    const repos = repositories(trx);
    const lang = opts.lang;
    const ordered = parentsFirst(rows);
    const regions = await repos.regions.existing([...new Set(ordered.map((r) => r.input.regionCode))]);
    const existing = new Map((await repos.orgs.findByUsccs(ordered.flatMap((r) => [r.input.uscc, ...(r.parentUscc ? [r.parentUscc] : [])]))).map((o) => [o.uscc, o]));
    const idByUscc = new Map<string, string>([...existing.values()].map((o) => [o.uscc, o.id]));
    const failed = new Set<string>();
    let done = 0;
    for (const r of ordered) {
      done++;
      if (done % 200 === 0) opts.onProgress?.(done, ordered.length);
      const err = (field: OrgColumn, code: keyof typeof FIELD_MESSAGES) => {
        result.errors.push({ row: r.row, field: ORG_COLUMNS[field], code, message: FIELD_MESSAGES[code][lang] });
        failed.add(r.input.uscc);
      };
      if (!regions.has(r.input.regionCode)) {
        err('regionCode', 'import.region');
        continue;
      }
      let parentId: string | null = null;
      if (r.parentUscc) {
        parentId = failed.has(r.parentUscc) ? null : (idByUscc.get(r.parentUscc) ?? null);
        if (!parentId) {
          err('parentUscc', 'import.parent');
          continue;
        }
      }
      const input = { ...r.input, parentId };
      const current = existing.get(r.input.uscc);
      try {
        if (current) {
          if (!can(actor, 'org.write', { orgPath: current.path, regionCode: current.region_code })) {
            err('uscc', 'import.forbidden');
            continue;
          }
          const changed = await this.orgs.updateIn(trx, actor, current.id, input);
          if (changed) result.updated++;
          else result.unchanged++;
        } else {
          const id = await this.orgs.createIn(trx, actor, input);
          idByUscc.set(r.input.uscc, id);
          result.created++;
        }
      } catch (e) {
        if (e instanceof AppError && e.code === 'FORBIDDEN') err('regionCode', 'import.forbidden');
        else if (e instanceof AppError && e.code === 'ORG_PARENT_CYCLE') err('parentUscc', 'import.parent');
        else throw e;
      }
    }
    opts.onProgress?.(ordered.length, ordered.length);
  }

  /** Keeps the raw file as sent, in its own transaction, before anything else. */
  private async keepUpload(actor: Actor, file: Buffer, opts: ImportOptions): Promise<string> {
    const { id } = await keepUpload(this.database.db, { orgId: actor.orgId, userId: actor.userId, kind: 'org-import', filename: opts.filename, contentType: opts.contentType ?? null, data: file });
    return id;
  }
}

