import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formAcceptBody, formDetailSchema, formDraftBody, formReturnBody, idSchema, regionCodeSchema, roundBody, roundFormsSchema, roundSchema } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** Status forms (落实情况表): reporting rounds, the form of each region office, review by the level above. */
export function statusFormRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const roundParams = z.object({ roundId: idSchema });
  const formParams = roundParams.extend({ regionCode: regionCodeSchema });

  r.get('/api/status-rounds', {
    config: { access: { action: 'statusform.read' } },
    schema: { tags: ['status-forms'], summary: 'Reporting rounds, newest first, with the counts of forms in my subtree (late, missing)', response: { 200: z.object({ items: z.array(roundSchema) }) } },
    handler: async (req) => ({ items: await s.statusForms.listRounds(actorOf(req)) }),
  });
  r.post('/api/status-rounds', {
    config: { access: { action: 'campaign.write' } },
    schema: { tags: ['status-forms'], summary: 'Sets a reporting round (national office): every region office of the levels gets a form and an inbox message', body: roundBody, response: { 201: roundSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.statusForms.createRound(actorOf(req), req.body)),
  });
  r.get('/api/status-rounds/:roundId/forms', {
    config: { access: { action: 'statusform.read' } },
    schema: { tags: ['status-forms'], summary: 'The forms of a round in my subtree, with the late and missing ones', params: roundParams, response: { 200: roundFormsSchema } },
    handler: async (req) => s.statusForms.roundForms(actorOf(req), req.params.roundId),
  });
  r.get('/api/status-rounds/:roundId/forms/:regionCode', {
    config: { access: { action: 'statusform.read' } },
    schema: { tags: ['status-forms'], summary: 'One region office’s form: content (prefilled for its own office), review comments, version history', params: formParams, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.detail(actorOf(req), req.params.roundId, req.params.regionCode),
  });
  r.put('/api/status-rounds/:roundId/forms/:regionCode', {
    config: { access: { action: 'statusform.submit' } },
    schema: { tags: ['status-forms'], summary: 'Saves the draft of my office’s form: reported figures, completion list changes (with notes), remarks', params: formParams, body: formDraftBody, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.save(actorOf(req), req.params.roundId, req.params.regionCode, req.body),
  });
  r.post('/api/status-rounds/:roundId/forms/:regionCode/prefill', {
    config: { access: { action: 'statusform.submit' } },
    schema: { tags: ['status-forms'], summary: 'Prefills my office’s form again from the live data (edited figures stay beside the new values)', params: formParams, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.prefill(actorOf(req), req.params.roundId, req.params.regionCode),
  });
  r.post('/api/status-rounds/:roundId/forms/:regionCode/submit', {
    config: { access: { action: 'statusform.submit' } },
    schema: { tags: ['status-forms'], summary: 'Submits my office’s form with the edits sent as the next numbered version; the level above is told', params: formParams, body: formDraftBody, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.submit(actorOf(req), req.params.roundId, req.params.regionCode, req.body),
  });
  r.post('/api/status-rounds/:roundId/forms/:regionCode/return', {
    config: { access: { action: 'statusform.review' } },
    schema: { tags: ['status-forms'], summary: 'Returns a submitted form with comments (the level above)', params: formParams, body: formReturnBody, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.returnForm(actorOf(req), req.params.roundId, req.params.regionCode, req.body.comments),
  });
  r.post('/api/status-rounds/:roundId/forms/:regionCode/accept', {
    config: { access: { action: 'statusform.review' } },
    schema: { tags: ['status-forms'], summary: 'Accepts a submitted form (the level above): the version is frozen with its SHA-256', params: formParams, body: formAcceptBody, response: { 200: formDetailSchema } },
    handler: async (req) => s.statusForms.accept(actorOf(req), req.params.roundId, req.params.regionCode, req.body.comments),
  });
}
