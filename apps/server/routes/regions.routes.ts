import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { regionCodeSchema, regionDetailResponse, regionListQuery, regionListResponse } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';

export function regionsRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/regions', {
    config: { access: { action: 'region.read' } },
    schema: { tags: ['regions'], summary: 'Children of a region (provinces by default), or a search', querystring: regionListQuery, response: { 200: regionListResponse } },
    handler: async (req) => ({ items: req.query.q ? await s.regions.search(req.query.q) : await s.regions.children(req.query.parent ?? null) }),
  });
  r.get('/api/regions/:regionCode', {
    config: { access: { action: 'region.read' } },
    schema: { tags: ['regions'], summary: 'One region with its ancestors', params: z.object({ regionCode: regionCodeSchema }), response: { 200: regionDetailResponse } },
    handler: async (req) => s.regions.get(req.params.regionCode),
  });
}
