import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  campaignBody,
  campaignSchema,
  decisionBody,
  drillDownQuery,
  drillDownSchema,
  exceptionBody,
  exceptionListQuery,
  exceptionSchema,
  idSchema,
  pageOf,
  progressDetailSchema,
  progressListQuery,
  progressPageSchema,
  snapshotCreateBody,
  snapshotSchema,
  snapshotVerifySchema,
  transitionBody,
  transitionSchema,
} from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** The rectification campaign (检查整改): campaigns, progress of agencies, exceptions, snapshots (快照). */
export function campaignRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const campaignParams = z.object({ campaignId: idSchema });
  const orgParams = campaignParams.extend({ orgId: idSchema });
  const dayParams = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.day' }) });

  // ——— campaigns ———
  r.get('/api/campaigns', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Campaigns, with the counts of agencies in my scope by status', response: { 200: z.object({ items: z.array(campaignSchema) }) } },
    handler: async (req) => ({ items: await s.campaign.list(actorOf(req)) }),
  });
  r.post('/api/campaigns', {
    config: { access: { action: 'campaign.write' } },
    schema: { tags: ['campaign'], summary: 'Defines a campaign: threshold, required categories, deadline per level (national office)', body: campaignBody, response: { 201: campaignSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.campaign.create(actorOf(req), req.body)),
  });
  r.get('/api/campaigns/:campaignId', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'One campaign', params: campaignParams, response: { 200: campaignSchema } },
    handler: async (req) => s.campaign.get(actorOf(req), req.params.campaignId),
  });
  r.put('/api/campaigns/:campaignId', {
    config: { access: { action: 'campaign.write' } },
    schema: { tags: ['campaign'], summary: 'Edits a campaign (closing it freezes progress)', params: campaignParams, body: campaignBody, response: { 200: campaignSchema } },
    handler: async (req) => s.campaign.update(actorOf(req), req.params.campaignId, req.body),
  });

  // ——— progress ———
  r.get('/api/campaigns/:campaignId/progress', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Agencies in scope with their state, deadline and whether they are behind it', params: campaignParams, querystring: progressListQuery, response: { 200: progressPageSchema } },
    handler: async (req) => s.campaign.progress(actorOf(req), req.params.campaignId, req.query),
  });
  r.get('/api/campaigns/:campaignId/orgs/:orgId', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'One agency in a campaign: state, history, exceptions, and the evidence completion would rest on now', params: orgParams, response: { 200: progressDetailSchema } },
    handler: async (req) => s.campaign.detail(actorOf(req), req.params.campaignId, req.params.orgId),
  });
  r.post('/api/campaigns/:campaignId/orgs/:orgId/transitions', {
    config: { access: { action: 'rectification.write' } },
    schema: { tags: ['campaign'], summary: 'Moves an agency to another state, with a reason; declaring completion needs evidence', params: orgParams, body: transitionBody, response: { 201: transitionSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.campaign.transition(actorOf(req), req.params.campaignId, req.params.orgId, req.body)),
  });

  // ——— exceptions ———
  r.get('/api/campaigns/:campaignId/exceptions', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Exception requests in my scope', params: campaignParams, querystring: exceptionListQuery, response: { 200: pageOf(exceptionSchema) } },
    handler: async (req) => s.campaign.exceptions(actorOf(req), req.params.campaignId, req.query),
  });
  r.post('/api/campaigns/:campaignId/orgs/:orgId/exceptions', {
    config: { access: { action: 'rectification.write' } },
    schema: { tags: ['campaign'], summary: 'Requests a documented exception (decided by the level above)', params: orgParams, body: exceptionBody, response: { 201: exceptionSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.campaign.requestException(actorOf(req), req.params.campaignId, req.params.orgId, req.body.reason)),
  });
  r.post('/api/campaigns/:campaignId/exceptions/:exceptionId/decision', {
    config: { access: { action: 'rectification.write' } },
    schema: { tags: ['campaign'], summary: 'Approves or rejects an exception (the level above only)', params: campaignParams.extend({ exceptionId: idSchema }), body: decisionBody, response: { 200: exceptionSchema } },
    handler: async (req) => s.campaign.decideException(actorOf(req), req.params.campaignId, req.params.exceptionId, req.body),
  });

  // ——— snapshots (no update or delete route: a snapshot is frozen) ———
  r.get('/api/snapshots', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Snapshots, newest first', response: { 200: z.object({ items: z.array(snapshotSchema) }) } },
    handler: async (req) => ({ items: await s.snapshots.list(actorOf(req)) }),
  });
  r.post('/api/snapshots', {
    config: { access: { action: 'campaign.write' } },
    schema: { tags: ['campaign'], summary: 'Freezes the figures of a day (default today; previousMonthEnd: the month-end snapshot); a day has one snapshot', body: snapshotCreateBody, response: { 201: snapshotSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.snapshots.create(actorOf(req), req.body)),
  });
  r.get('/api/snapshots/:day', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Drill-down of a snapshot: a region node, its child regions and the agencies in its subtree', params: dayParams, querystring: drillDownQuery, response: { 200: drillDownSchema } },
    handler: async (req) => s.snapshots.drill(actorOf(req), req.params.day, req.query.regionCode),
  });
  r.post('/api/snapshots/:day/verify', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'Recomputes a snapshot from the stored records and names every figure that differs', params: dayParams, response: { 200: snapshotVerifySchema } },
    handler: async (req) => s.snapshots.verify(actorOf(req), req.params.day),
  });
}
