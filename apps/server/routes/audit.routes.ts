import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditRecordSchema, auditVerifyResult, pageOf } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';
import { dayEndUtc, dayStartUtc } from '../../../packages/core/dates.ts';


export function auditRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit', {
    config: { access: { action: 'audit.read' } },
    schema: { tags: ['audit'], summary: 'The audit trail in my scope, newest first', querystring: auditListQuery, response: { 200: pageOf(auditRecordSchema) } },
    handler: async (req) => {
      const { page, pageSize, from, to, ...f } = req.query;
      return s.audit.list(actorOf(req), { ...f, from: from ? dayStartUtc(from) : undefined, to: to ? dayEndUtc(to) : undefined }, { page, pageSize });
    },
  });
  r.get('/api/audit/verify', {
    config: { access: { action: 'audit.read' } },
    schema: { tags: ['audit'], summary: 'Walks the hash chain; names the first altered or missing record', response: { 200: auditVerifyResult } },
    handler: async (req) => s.audit.verifyAs(actorOf(req), req.lang),
  });
}
