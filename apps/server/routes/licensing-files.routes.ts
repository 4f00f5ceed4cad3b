import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS, entitlementImportQuery, entitlementImportResult, entitlementListQuery, idSchema } from '../../../packages/contracts/index.ts';
import { AppError } from '../../../packages/core/errors.ts';
import { toCsv, writeXlsx } from '../../../packages/core/files/tabular.ts';
import { complianceReportPdf, complianceReportXlsx, gatherComplianceReport, reportFileNames } from '../../../packages/core/licensing/compliance.report.ts';
import { ENTITLEMENT_COLUMNS, ENTITLEMENT_TEMPLATE_EXAMPLE, entitlementTemplateHelpRows, type EntitlementColumn } from '../../../packages/core/licensing/entitlements.columns.ts';
import { entitlementsWorkbook } from '../../../packages/core/licensing/entitlements.import.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(reply: FastifyReply, type: string, names: { ascii: string; utf8: string }, body: Buffer | string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`)
    .send(body);
}

/** Files of licences and compliance: entitlement import, template and export; the compliance report of an organization. */
export function licensingFilesRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const importer = s.entitlementsImporter;

  r.post('/api/entitlements/import', {
    config: { access: { action: 'licence.write' } },
    schema: {
      tags: ['licences'],
      summary: 'Imports entitlements from XLSX/CSV (multipart field `file`); rows already recorded are left unchanged',
      consumes: ['multipart/form-data'],
      querystring: entitlementImportQuery,
      response: { 200: entitlementImportResult },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE');
      const part = await req.file({ limits: { fileSize: LIMITS.uploadBytes, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', key: 'required' }] });
      const buf = await part.toBuffer();
      return importer.import(actorOf(req), buf, { mode: req.query.mode, dryRun: req.query.dryRun, filename: part.filename, contentType: part.mimetype, lang: req.lang });
    },
  });
  r.get('/api/entitlements/import-template.xlsx', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'The entitlement import template with Chinese headers (format=csv for CSV)', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
    handler: async (req, reply) => {
      const keys = Object.keys(ENTITLEMENT_COLUMNS) as EntitlementColumn[];
      const headers = keys.map((k) => ENTITLEMENT_COLUMNS[k]);
      const example = keys.map((k) => ENTITLEMENT_TEMPLATE_EXAMPLE[k]);
      if (req.query.format === 'csv') return download(reply, 'text/csv; charset=utf-8', { ascii: 'entitlement-import-template.csv', utf8: '授权导入模板.csv' }, toCsv([headers, example]));
      const cols = headers.map((h, i) => ({ header: h, width: i === 1 ? 30 : 18, value: (row: string[]) => row[i] ?? '' }));
      const buf = await writeXlsx('授权', cols, [[example]], [{ name: '填写说明', rows: entitlementTemplateHelpRows() }]);
      return download(reply, XLSX_TYPE, { ascii: 'entitlement-import-template.xlsx', utf8: '授权导入模板.xlsx' }, buf);
    },
  });
  r.get('/api/entitlements/export.xlsx', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'Exports the filtered entitlement list to XLSX (re-importable)', querystring: entitlementListQuery.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => download(reply, XLSX_TYPE, { ascii: 'entitlements.xlsx', utf8: '授权列表.xlsx' }, await entitlementsWorkbook(s.database, s.entitlements, actorOf(req), req.query)),
  });

  const orgParams = z.object({ orgId: idSchema });
  r.get('/api/compliance/orgs/:orgId/report.pdf', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Compliance report of an organization as PDF (软件正版化合规报告)', params: orgParams },
    handler: async (req, reply) => {
      const data = await gatherComplianceReport(s, actorOf(req), req.params.orgId);
      return download(reply, 'application/pdf', reportFileNames(data, 'pdf'), await complianceReportPdf(data));
    },
  });
  r.get('/api/compliance/orgs/:orgId/report.xlsx', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Compliance report of an organization as XLSX: summary, positions, devices, uncovered installs', params: orgParams },
    handler: async (req, reply) => {
      const data = await gatherComplianceReport(s, actorOf(req), req.params.orgId);
      return download(reply, XLSX_TYPE, reportFileNames(data, 'xlsx'), await complianceReportXlsx(data));
    },
  });
}
