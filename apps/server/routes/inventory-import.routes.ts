import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS, idSchema, inventoryImportQuery, inventoryImportResult } from '../../../packages/contracts/index.ts';
import { AppError } from '../../../packages/core/errors.ts';
import { toCsv, writeXlsx } from '../../../packages/core/files/tabular.ts';
import type { ImportFile } from '../../../packages/core/inventory/inventory.import.ts';
import { AGENT_REALM } from '../../../packages/core/inventory/agents.service.ts';
import type { NormalizedInventory } from '../../../packages/core/inventory/inventory.types.ts';
import { RESULT_FILE_MAX_BYTES, parseResultFile, verifyResultFile } from '../../../packages/core/scan/result-file.ts';
import { TABLE_HEADERS, templateRows } from '../../../packages/core/inventory/parsers/table.parser.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** Files of one import upload, at most this many. */
const MAX_FILES = 200;

export function inventoryImportRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/orgs/:orgId/inventory/import', {
    config: { access: { action: 'device.write' } },
    schema: {
      tags: ['inventory'],
      summary: 'Imports inventory files (multipart `file` fields): OCS/Fusion XML, GLPI JSON, SWID tags, CSV/XLSX template, zb scan result files',
      consumes: ['multipart/form-data'],
      params: z.object({ orgId: idSchema }),
      querystring: inventoryImportQuery.extend({ deviceName: z.string().trim().min(1).max(255).optional().describe('computer name for SWID tag files') }),
      response: { 200: inventoryImportResult },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE');
      const files: ImportFile[] = [];
      for await (const part of req.files({ limits: { fileSize: LIMITS.uploadBytes, files: MAX_FILES, parts: MAX_FILES + 5 } })) {
        files.push({ name: part.filename || 'upload', content: await part.toBuffer() });
      }
      if (files.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', key: 'required' }] });
      return s.inventoryImporter.import(actorOf(req), req.params.orgId, files, { dryRun: req.query.dryRun, deviceName: req.query.deviceName, lang: req.lang });
    },
  });
  r.get('/api/inventory/import-template.xlsx', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Inventory import template (one row per computer × software; format=csv for CSV)', querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
    handler: async (req, reply) => {
      const headers = [...TABLE_HEADERS];
      const rows = templateRows().slice(1); // the first row is the header
      if (req.query.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="inventory-template.csv"; filename*=UTF-8''${encodeURIComponent('软件清单导入模板.csv')}`)
          .send(toCsv([headers, ...rows]));
      }
      const cols = headers.map((h, i) => ({ header: h, width: i === 6 ? 40 : 18, value: (row: string[]) => row[i] ?? '' }));
      const buf = await writeXlsx('软件清单', cols, [rows]);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="inventory-template.xlsx"; filename*=UTF-8''${encodeURIComponent('软件清单导入模板.xlsx')}`)
        .send(buf);
    },
  });
}

/**
 * `zb scan --upload URL`: a scan result file sent by an agent credential
 * (HTTP Basic), signed or not; a signed file that was altered is refused.
 */
export function scanUploadRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/agent/scan', {
    // Agents are not users: this route authenticates agent credentials itself.
    config: { access: 'public' },
    bodyLimit: RESULT_FILE_MAX_BYTES,
    schema: {
      tags: ['agents'],
      summary: 'Receives a `zb scan` result file (JSON) from agent credentials (HTTP Basic)',
      response: { 200: z.object({ ok: z.literal(true), deviceId: z.string(), inventoryId: z.string(), softwareCount: z.number().int() }) },
    },
    handler: async (req, reply) => {
      const h = req.headers.authorization ?? '';
      const decoded = h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8') : '';
      const i = decoded.indexOf(':');
      const principal = i > 0 ? await s.agents.authenticate(decoded.slice(0, i), decoded.slice(i + 1)) : null;
      if (!principal) {
        reply.header('www-authenticate', `Basic realm="${AGENT_REALM}"`);
        throw new AppError('UNAUTHENTICATED');
      }
      const raw = Buffer.from(JSON.stringify(req.body ?? null));
      const parsed = parseResultFile(raw);
      if (!parsed.ok) throw new AppError('UNSUPPORTED_FILE', { details: { reason: parsed.reason, message: parsed.message[req.lang] } });
      if (parsed.signed) {
        const v = verifyResultFile(raw);
        if (!v.ok) throw new AppError('UNSUPPORTED_FILE', { details: { reason: v.reason, message: v.message[req.lang] } });
      }
      const inv = parsed.file.inventory as NormalizedInventory;
      const res = await s.inventory.ingest({ orgId: principal.orgId, credentialId: principal.credentialId, channel: 'scan', format: 'normalized', agent: inv.agent, remoteAddr: req.ip, raw: Buffer.from(JSON.stringify(inv)), encoding: 'identity' }, inv);
      return { ok: true as const, deviceId: res.deviceId, inventoryId: res.inventoryId, softwareCount: res.softwareCount };
    },
  });
}
