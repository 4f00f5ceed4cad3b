import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LIMITS,
  deviceComplianceQuery,
  deviceComplianceSchema,
  documentSchema,
  entitlementBody,
  entitlementDetailSchema,
  entitlementListQuery,
  entitlementSchema,
  idSchema,
  installCoverageQuery,
  installCoverageSchema,
  okSchema,
  orgComplianceSchema,
  pageOf,
  positionListQuery,
  positionSchema,
  proposalSchema,
  recomputeResultSchema,
  regionDashboardSchema,
  taskCreateBody,
  taskListQuery,
  taskSchema,
  taskUpdateBody,
  transferBody,
  transferSchema,
  trendPointSchema,
  trendQuery,
} from '../../../packages/contracts/index.ts';
import { AppError } from '../../../packages/core/errors.ts';
import type { Services } from '../../../packages/core/services.ts';
import { SUITES } from '../../../packages/core/licensing/suites.ts';
import { actorOf } from '../plugins/access.ts';

const page = <T>(items: T[], q: { page: number; pageSize: number }) => ({ items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: items.length });

/** Entitlements (授权), compliance figures (合规) and rectification tasks (整改). */
export function licensingRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const orgParams = z.object({ orgId: idSchema });
  const entParams = orgParams.extend({ entitlementId: idSchema });

  // ——— entitlements ———
  r.get('/api/licensing/suites', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'Known suites (套件) and the products an entitlement for each covers', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), name: z.string(), edition: z.string().nullable(), productKeys: z.array(z.string()) })) }) } },
    handler: async () => ({ items: SUITES.map((x) => ({ ...x, productKeys: [...x.productKeys] })) }),
  });
  r.get('/api/entitlements', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'Entitlements in my scope', querystring: entitlementListQuery, response: { 200: pageOf(entitlementSchema) } },
    handler: async (req) => s.entitlements.list(actorOf(req), req.query),
  });
  r.post('/api/orgs/:orgId/entitlements', {
    config: { access: { action: 'licence.write' } },
    schema: { tags: ['licences'], summary: 'Records an entitlement; the positions of its products update at once', params: orgParams, body: entitlementBody, response: { 201: entitlementSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.entitlements.create(actorOf(req), req.params.orgId, req.body)),
  });
  r.get('/api/orgs/:orgId/entitlements/:entitlementId', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'One entitlement with its use, proof documents and transfers', params: entParams, response: { 200: entitlementDetailSchema } },
    handler: async (req) => s.entitlements.get(actorOf(req), req.params.orgId, req.params.entitlementId),
  });
  r.put('/api/orgs/:orgId/entitlements/:entitlementId', {
    config: { access: { action: 'licence.write' } },
    schema: { tags: ['licences'], summary: 'Edits an entitlement', params: entParams, body: entitlementBody, response: { 200: entitlementSchema } },
    handler: async (req) => s.entitlements.update(actorOf(req), req.params.orgId, req.params.entitlementId, req.body),
  });
  r.delete('/api/orgs/:orgId/entitlements/:entitlementId', {
    config: { access: { action: 'licence.write' } },
    schema: { tags: ['licences'], summary: 'Deletes an entitlement (not one with transfers: those stay on record)', params: entParams, response: { 200: okSchema } },
    handler: async (req) => {
      await s.entitlements.remove(actorOf(req), req.params.orgId, req.params.entitlementId);
      return { ok: true as const };
    },
  });
  r.post('/api/orgs/:orgId/entitlements/:entitlementId/transfers', {
    config: { access: { action: 'licence.write' } },
    schema: { tags: ['licences'], summary: 'Transfers units to another organization (recorded; the receiver gets a new entitlement)', params: entParams, body: transferBody, response: { 201: transferSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.entitlements.transfer(actorOf(req), req.params.orgId, req.params.entitlementId, req.body)),
  });
  r.post('/api/orgs/:orgId/entitlements/:entitlementId/documents', {
    config: { access: { action: 'licence.write' } },
    schema: { tags: ['licences'], summary: 'Uploads a proof document (multipart `file`: PDF or image), kept with its SHA-256', consumes: ['multipart/form-data'], params: entParams, response: { 201: documentSchema } },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_FILE');
      const part = await req.file({ limits: { fileSize: LIMITS.uploadBytes, files: 1 } });
      if (!part) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', key: 'required' }] });
      const data = await part.toBuffer();
      return reply.code(201).send(await s.entitlements.addDocument(actorOf(req), req.params.orgId, req.params.entitlementId, { filename: part.filename || 'document', contentType: part.mimetype, data }));
    },
  });
  r.get('/api/orgs/:orgId/entitlements/:entitlementId/documents/:documentId', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['licences'], summary: 'Downloads a proof document (its checksum is verified)', params: entParams.extend({ documentId: idSchema }) },
    handler: async (req, reply) => {
      const d = await s.entitlements.document(actorOf(req), req.params.orgId, req.params.entitlementId, req.params.documentId);
      return reply
        .header('content-type', d.contentType)
        .header('x-content-sha256', d.sha256)
        .header('content-disposition', `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(d.filename)}`)
        .send(d.data);
    },
  });

  // ——— compliance ———
  r.get('/api/compliance/orgs/:orgId', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Legalization figures of an organization (正版化率)', params: orgParams, response: { 200: orgComplianceSchema } },
    handler: async (req) => s.compliance.orgSummary(actorOf(req), req.params.orgId),
  });
  r.get('/api/compliance/orgs/:orgId/positions', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Effective licence position per product (有效许可状况)', params: orgParams, querystring: positionListQuery, response: { 200: pageOf(positionSchema) } },
    handler: async (req) => s.compliance.positions(actorOf(req), req.params.orgId, req.query),
  });
  r.get('/api/compliance/orgs/:orgId/installs', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Installs that need a licence, with the entitlement covering each or why none does', params: orgParams, querystring: installCoverageQuery, response: { 200: pageOf(installCoverageSchema) } },
    handler: async (req) => page(await s.compliance.installs(actorOf(req), req.params.orgId, req.query), req.query),
  });
  r.get('/api/compliance/orgs/:orgId/devices', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Devices with their installs needing and lacking a licence', params: orgParams, querystring: deviceComplianceQuery, response: { 200: pageOf(deviceComplianceSchema) } },
    handler: async (req) => page(await s.compliance.devices(actorOf(req), req.params.orgId, req.query), req.query),
  });
  r.get('/api/compliance/orgs/:orgId/proposals', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'What to do about a shortfall: uninstall, replace (alternatives from the catalogue), or buy', params: orgParams, querystring: z.object({ productKey: z.string().min(1).max(300) }), response: { 200: proposalSchema } },
    handler: async (req) => s.compliance.proposal(actorOf(req), req.params.orgId, req.query.productKey),
  });
  r.get('/api/compliance/regions/:regionCode', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Roll-up of a region node (000000 = national) with its child regions', params: z.object({ regionCode: z.string().regex(/^\d{6}$/) }), response: { 200: regionDashboardSchema } },
    handler: async (req) => s.compliance.region(actorOf(req), req.params.regionCode),
  });
  r.get('/api/compliance/trend', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Daily legalization figures of an organization or a region node', querystring: trendQuery, response: { 200: z.object({ items: z.array(trendPointSchema) }) } },
    handler: async (req) => ({ items: await s.compliance.trend(actorOf(req), req.query) }),
  });
  r.post('/api/compliance/recompute', {
    config: { access: { action: 'compliance.recompute' } },
    schema: { tags: ['compliance'], summary: 'Recomputes every position (check=true compares without writing)', querystring: z.object({ check: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }), response: { 200: recomputeResultSchema } },
    handler: async (req) => s.compliance.recompute(actorOf(req), { check: req.query.check }),
  });

  // ——— rectification ———
  r.get('/api/rectification-tasks', {
    config: { access: { action: 'licence.read' } },
    schema: { tags: ['compliance'], summary: 'Rectification tasks in my scope (overdue=true: open and past due)', querystring: taskListQuery, response: { 200: pageOf(taskSchema) } },
    handler: async (req) => s.compliance.listTasks(actorOf(req), req.query),
  });
  r.post('/api/orgs/:orgId/rectification-tasks', {
    config: { access: { action: 'rectification.write' } },
    schema: { tags: ['compliance'], summary: 'Creates a rectification task for a shortfall', params: orgParams, body: taskCreateBody, response: { 201: taskSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.compliance.createTask(actorOf(req), req.params.orgId, req.body)),
  });
  r.patch('/api/orgs/:orgId/rectification-tasks/:taskId', {
    config: { access: { action: 'rectification.write' } },
    schema: { tags: ['compliance'], summary: 'Reassigns, reschedules or cancels a task', params: orgParams.extend({ taskId: idSchema }), body: taskUpdateBody, response: { 200: taskSchema } },
    handler: async (req) => s.compliance.updateTask(actorOf(req), req.params.orgId, req.params.taskId, req.body),
  });
}
