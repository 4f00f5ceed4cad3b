import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bulletinCreateBody, bulletinListQuery, bulletinPublishBody, bulletinSchema, bulletinSummarySchema, bulletinUpdateBody, idSchema, okSchema } from '../../../packages/contracts/index.ts';
import { bulletinFileNames, bulletinPdf } from '../../../packages/core/bulletin/bulletin.pdf.ts';
import { bulletinXlsx } from '../../../packages/core/bulletin/bulletin.xlsx.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(reply: FastifyReply, type: string, names: { ascii: string; utf8: string }, body: Buffer) {
  return reply.header('content-type', type).header('content-disposition', `attachment; filename="${names.ascii}"; filename*=UTF-8''${encodeURIComponent(names.utf8)}`).send(body);
}

/** Bulletins (通报): monthly bulletins, special bulletins, information reports; drafts, publishing, PDF and XLSX. */
export function bulletinRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ bulletinId: idSchema });

  r.get('/api/bulletins', {
    config: { access: { action: 'bulletin.read' } },
    schema: { tags: ['bulletin'], summary: 'Bulletins I may read, newest first, with the snapshot each came from', querystring: bulletinListQuery, response: { 200: z.object({ items: z.array(bulletinSummarySchema) }) } },
    handler: async (req) => ({ items: await s.bulletins.list(actorOf(req), req.query) }),
  });
  r.post('/api/bulletins', {
    config: { access: { action: 'bulletin.write' } },
    schema: {
      tags: ['bulletin'],
      summary: 'Drafts a bulletin: monthly from the month-end snapshot (default the previous month; the existing draft when there is one: 200), or a special bulletin / information report',
      body: bulletinCreateBody,
      response: { 200: bulletinSchema, 201: bulletinSchema },
    },
    handler: async (req, reply) => {
      const { bulletin, created } = await s.bulletins.create(actorOf(req), req.body);
      return reply.code(created ? 201 : 200).send(bulletin);
    },
  });
  r.get('/api/bulletins/:bulletinId', {
    config: { access: { action: 'bulletin.read' } },
    schema: { tags: ['bulletin'], summary: 'One bulletin: text, figure tables and, once published, whether its frozen content is intact', params, response: { 200: bulletinSchema } },
    handler: async (req) => s.bulletins.get(actorOf(req), req.params.bulletinId),
  });
  r.put('/api/bulletins/:bulletinId', {
    config: { access: { action: 'bulletin.write' } },
    schema: { tags: ['bulletin'], summary: 'Edits a draft (title, 文号, recipients, sections, cc); a published bulletin refuses (409)', params, body: bulletinUpdateBody, response: { 200: bulletinSchema } },
    handler: async (req) => s.bulletins.update(actorOf(req), req.params.bulletinId, req.body),
  });
  r.post('/api/bulletins/:bulletinId/publish', {
    config: { access: { action: 'bulletin.write' } },
    schema: { tags: ['bulletin'], summary: 'Numbers (文号, unique among published bulletins) and publishes a draft; its content is frozen', params, body: bulletinPublishBody, response: { 200: bulletinSchema } },
    handler: async (req) => s.bulletins.publish(actorOf(req), req.params.bulletinId, req.body),
  });
  r.delete('/api/bulletins/:bulletinId', {
    config: { access: { action: 'bulletin.write' } },
    schema: { tags: ['bulletin'], summary: 'Discards a draft; a published bulletin refuses (409)', params, response: { 200: okSchema } },
    handler: async (req) => {
      await s.bulletins.remove(actorOf(req), req.params.bulletinId);
      return { ok: true as const };
    },
  });
  r.get('/api/bulletins/:bulletinId/pdf', {
    config: { access: { action: 'bulletin.read' } },
    schema: { tags: ['bulletin'], summary: 'The bulletin as an official document (GB/T 9704 layout, Chinese fonts embedded)', params },
    handler: async (req, reply) => {
      const b = await s.bulletins.document(actorOf(req), req.params.bulletinId);
      return download(reply, 'application/pdf', bulletinFileNames(b, 'pdf'), await bulletinPdf(b));
    },
  });
  r.get('/api/bulletins/:bulletinId/xlsx', {
    config: { access: { action: 'bulletin.read' } },
    schema: { tags: ['bulletin'], summary: 'The tables of the bulletin as XLSX (one sheet per table)', params },
    handler: async (req, reply) => {
      const b = await s.bulletins.document(actorOf(req), req.params.bulletinId);
      return download(reply, XLSX_TYPE, bulletinFileNames(b, 'xlsx'), await bulletinXlsx(b));
    },
  });
}
