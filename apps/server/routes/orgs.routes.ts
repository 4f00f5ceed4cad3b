import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS, ORG_LABELS, idSchema, okSchema, orgCreateBody, orgImportQuery, orgImportResult, orgListQuery, orgSchema, orgUpdateBody, pageOf, type Org } from '../../../packages/contracts/index.ts';
import { AppError } from '../../../packages/core/errors.ts';
import { toCsv, writeXlsx, type XlsxColumn } from '../../../packages/core/files/tabular.ts';
import { ORG_COLUMNS, templateHelpRows } from '../../../packages/core/orgs/orgs.columns.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

const label = <K extends keyof typeof ORG_LABELS>(k: K, v: string | null) => (v ? ((ORG_LABELS[k] as Record<string, string>)[v] ?? v) : '');

/** Export columns: the import columns first (so an export re-imports), then extras. */
const EXPORT_COLUMNS: XlsxColumn<Org & { parentUscc?: string }>[] = [
  { header: ORG_COLUMNS.name, width: 36, value: (o) => o.name },
  { header: ORG_COLUMNS.uscc, width: 22, value: (o) => o.uscc },
  { header: ORG_COLUMNS.type, value: (o) => label('type', o.type) },
  { header: ORG_COLUMNS.agencyKind, value: (o) => label('agencyKind', o.agencyKind) },
  { header: ORG_COLUMNS.ownership, value: (o) => label('ownership', o.ownership) },
  { header: ORG_COLUMNS.industry, value: (o) => label('industry', o.industry) },
  { header: ORG_COLUMNS.level, value: (o) => label('level', o.level) },
  { header: ORG_COLUMNS.regionCode, value: (o) => o.regionCode },
  { header: ORG_COLUMNS.parentUscc, width: 22, value: (o) => o.parentUscc ?? '' },
  { header: ORG_COLUMNS.staffCount, value: (o) => o.staffCount },
  { header: '行政区划名称', value: (o) => o.regionName },
  { header: '上级单位名称', width: 30, value: (o) => o.parentName },
  { header: '更新时间', width: 22, value: (o) => o.updatedAt.slice(0, 19).replace('T', ' ') },
];

const TEMPLATE_EXAMPLE = ['示例市财政局', '11330100002482061X', '政府机关', '政府部门', '', '', '地市级', '330100', '', '120'];

export function orgsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ orgId: idSchema });
  const filters = orgListQuery.omit({ page: true, pageSize: true });

  r.get('/api/orgs', {
    config: { access: { action: 'org.read' } },
    schema: { tags: ['orgs'], summary: 'Organizations in my scope, with filters', querystring: orgListQuery, response: { 200: pageOf(orgSchema) } },
    handler: async (req) => s.orgs.list(actorOf(req), req.query),
  });
  r.post('/api/orgs', {
    config: { access: { action: 'org.write' } },
    schema: { tags: ['orgs'], summary: 'Creates an organization', body: orgCreateBody, response: { 201: orgSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.orgs.create(actorOf(req), req.body)),
  });
  r.get('/api/orgs/export.xlsx', {
    config: { access: { action: 'org.read' } },
    schema: { tags: ['orgs'], summary: 'Exports the filtered list to XLSX (re-importable)', querystring: filters },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const usccById = new Map<string, string>();
      async function* withParents() {
        for await (const batch of s.orgs.iterate(actor, req.query)) {
          for (const o of batch) usccById.set(o.id, o.uscc);
          yield batch.map((o) => ({ ...o, parentUscc: o.parentId ? usccById.get(o.parentId) : undefined }));
        }
      }
      const buf = await writeXlsx('单位', EXPORT_COLUMNS, withParents());
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="orgs.xlsx"; filename*=UTF-8''${encodeURIComponent('单位列表.xlsx')}`)
        .send(buf);
    },
  });
  r.get('/api/orgs/import-template.xlsx', {
    config: { access: { action: 'org.write' } },
    schema: { tags: ['orgs'], summary: 'The import template with Chinese headers (format=csv for CSV)', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
    handler: async (req, reply) => {
      const headers = Object.values(ORG_COLUMNS);
      if (req.query.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="org-import-template.csv"; filename*=UTF-8''${encodeURIComponent('单位导入模板.csv')}`)
          .send(toCsv([headers, TEMPLATE_EXAMPLE]));
      }
      const cols = headers.map((h, i) => ({ header: h, width: i === 0 ? 30 : 20, value: (row: string[]) => row[i] ?? '' }));
      const buf = await writeXlsx('单位', cols, [[TEMPLATE_EXAMPLE]], [{ name: '填写说明', rows: templateHelpRows() }]);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="org-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('单位导入模板.xlsx')}`)
        .send(buf);
    },
  });
  r.post('/api/orgs/import', {
    config: { access: { action: 'org.write' } },
    schema: { tags: ['orgs'], summary: 'Imports organizations from XLSX/CSV (multipart field `file`); creates or updates by USCC', consumes: ['multipart/form-data'], querystring: orgImportQuery, response: { 200: orgImportResult } },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE');
      const part = await req.file({ limits: { fileSize: LIMITS.uploadBytes, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', key: 'required' }] });
      const buf = await part.toBuffer();
      return s.orgsImporter.import(actorOf(req), buf, { mode: req.query.mode, dryRun: req.query.dryRun, filename: part.filename, contentType: part.mimetype, lang: req.lang });
    },
  });
  r.get('/api/orgs/:orgId', {
    config: { access: { action: 'org.read' } },
    schema: { tags: ['orgs'], summary: 'One organization', params, response: { 200: orgSchema } },
    handler: async (req) => s.orgs.get(actorOf(req), req.params.orgId),
  });
  r.put('/api/orgs/:orgId', {
    config: { access: { action: 'org.write' } },
    schema: { tags: ['orgs'], summary: 'Updates an organization', params, body: orgUpdateBody, response: { 200: orgSchema } },
    handler: async (req) => s.orgs.update(actorOf(req), req.params.orgId, req.body),
  });
  r.delete('/api/orgs/:orgId', {
    config: { access: { action: 'org.write' } },
    schema: { tags: ['orgs'], summary: 'Deletes an organization without children or users', params, response: { 200: okSchema } },
    handler: async (req) => {
      await s.orgs.delete(actorOf(req), req.params.orgId);
      return { ok: true as const };
    },
  });
}
