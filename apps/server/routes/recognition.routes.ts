import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LIMITS,
  localRuleCreateBody,
  localRuleListQuery,
  localRuleUpdateBody,
  okSchema,
  pageOf,
  recognitionBatchBody,
  recognitionBatchResult,
  rulePreviewBody,
  rulePreviewResult,
  ruleViewSchema,
  rulesExportQuery,
  rulesImportBody,
  rulesImportResult,
} from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** 50,000 rows of names, publishers and versions fit well within this. */
const BATCH_BODY_LIMIT = 32 * 1024 * 1024;
const IMPORT_BODY_LIMIT = LIMITS.uploadBytes + 1024 * 1024;

export function recognitionRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ ruleId: z.string().min(1).max(100) });

  r.post('/api/recognition/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'Recognises up to 50,000 raw installed-software names', body: recognitionBatchBody, response: { 200: recognitionBatchResult } },
    handler: async (req) => s.recognition.batch(actorOf(req), req.body.rows),
  });
  r.get('/api/recognition/rules', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'Local rules, the shipped library, or both', querystring: localRuleListQuery, response: { 200: pageOf(ruleViewSchema) } },
    handler: async (req) => s.recognition.listRules(actorOf(req), req.query),
  });
  r.post('/api/recognition/rules', {
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Creates a local rule (wins over shipped rules)', body: localRuleCreateBody, response: { 201: ruleViewSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.recognition.createRule(actorOf(req), req.body)),
  });
  r.post('/api/recognition/rules/preview', {
    bodyLimit: BATCH_BODY_LIMIT,
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Which of the names a rule would match, before and after saving it', body: rulePreviewBody, response: { 200: rulePreviewResult } },
    handler: async (req) => s.recognition.previewRule(actorOf(req), req.body.rule, req.body.names),
  });
  r.get('/api/recognition/rules/export', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'The local rules as a shareable YAML or JSON file', querystring: rulesExportQuery },
    handler: async (req, reply) => {
      const file = await s.recognition.exportRules(actorOf(req), req.query.format);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  });
  r.post('/api/recognition/rules/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Imports a rule file (YAML or JSON text); nothing is written when a rule is invalid', body: rulesImportBody, response: { 200: rulesImportResult } },
    handler: async (req) => s.recognition.importRules(actorOf(req), req.body),
  });
  r.get('/api/recognition/rules/:ruleId', {
    config: { access: { action: 'catalogue.read' } },
    schema: { tags: ['recognition'], summary: 'One rule: the local one, else the shipped one', params, response: { 200: ruleViewSchema } },
    handler: async (req) => s.recognition.getRule(actorOf(req), req.params.ruleId),
  });
  r.put('/api/recognition/rules/:ruleId', {
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Updates a local rule', params, body: localRuleUpdateBody, response: { 200: ruleViewSchema } },
    handler: async (req) => s.recognition.updateRule(actorOf(req), req.params.ruleId, req.body),
  });
  r.delete('/api/recognition/rules/:ruleId', {
    config: { access: { action: 'catalogue.write' } },
    schema: { tags: ['recognition'], summary: 'Deletes a local rule (a shipped rule it replaced applies again)', params, response: { 200: okSchema } },
    handler: async (req) => {
      await s.recognition.deleteRule(actorOf(req), req.params.ruleId);
      return { ok: true as const };
    },
  });
}
