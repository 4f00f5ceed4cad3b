import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dashboardQuery, dashboardSchema, dashboardXlsxQuery, idSchema } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** The campaign dashboard (检查整改看板): live figures of a region node, and the same as a workbook. */
export function campaignDashboardRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ campaignId: idSchema });

  r.get('/api/campaigns/:campaignId/dashboard', {
    config: { access: { action: 'campaign.read' } },
    schema: {
      tags: ['campaign'],
      summary: 'Dashboard of a region node: child regions, progress by level against the deadlines, overdue agencies, monthly trend',
      params,
      querystring: dashboardQuery,
      response: { 200: dashboardSchema },
    },
    handler: async (req) => s.campaignDashboard.dashboard(actorOf(req), req.params.campaignId, req.query.regionCode),
  });
  r.get('/api/campaigns/:campaignId/dashboard.xlsx', {
    config: { access: { action: 'campaign.read' } },
    schema: { tags: ['campaign'], summary: 'The dashboard as an XLSX: one sheet per chart (sheet= for one)', params, querystring: dashboardXlsxQuery },
    handler: async (req, reply) => {
      const { buffer, filename } = await s.campaignDashboard.workbook(actorOf(req), req.params.campaignId, req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="campaign-dashboard.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  });
}
