import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogueProductSchema, catalogueQuery, pageOf, productOrgSchema, productOrgsQuery, rerecognizeResult, reviewItemSchema, reviewQuery, storedPreviewBody, storedPreviewResult } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

export function catalogueRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/recognition/review', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'Review queue: unrecognised and low-confidence names, most widespread first (devices in my scope)', querystring: reviewQuery, response: { 200: pageOf(reviewItemSchema) } },
    handler: async (req) => s.catalogue.reviewQueue(actorOf(req), req.query),
  });
  r.post('/api/recognition/rules/preview-stored', {
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'What a draft rule would match among every stored title, before saving it', body: storedPreviewBody, response: { 200: storedPreviewResult } },
    handler: async (req) => s.catalogue.previewStored(actorOf(req), req.body.rule),
  });
  r.post('/api/recognition/rerun', {
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Recognises every stored title again; rewrites only the changed ones', response: { 200: rerecognizeResult } },
    handler: async (req) => s.catalogue.rerecognizeAs(actorOf(req)),
  });
  r.get('/api/catalogue/products', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'Software catalogue: recognised products with editions, versions and device counts in my scope', querystring: catalogueQuery, response: { 200: pageOf(catalogueProductSchema) } },
    handler: async (req) => s.catalogue.catalogue(actorOf(req), req.query),
  });
  r.get('/api/catalogue/product-orgs', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'Organizations in my scope that have a product, with device counts', querystring: productOrgsQuery, response: { 200: pageOf(productOrgSchema) } },
    handler: async (req) => s.catalogue.productOrgs(actorOf(req), req.query),
  });
}
