import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../../packages/core/services.ts';

export function healthRoutes(app: FastifyInstance, s: Services) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/health', {
    config: { access: 'public' },
    schema: { tags: ['system'], summary: 'Readiness: 200 when the database answers', response: { 200: z.object({ ok: z.literal(true), database: z.enum(['sqlite', 'postgres']), version: z.string() }) } },
    handler: async () => {
      await s.database.db.selectFrom('regions').select('code').limit(1).execute();
      return { ok: true as const, database: s.database.dialect, version: '0.1.0' };
    },
  });
}
