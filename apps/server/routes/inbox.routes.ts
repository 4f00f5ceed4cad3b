import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, inboxListQuery, inboxPageSchema, inboxUnreadSchema } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** The inbox (待办与通知): what is addressed to me, my organization or my region office. */
export function inboxRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/inbox', {
    config: { access: { action: 'self' } },
    schema: { tags: ['inbox'], summary: 'My messages, newest first, with the unread count', querystring: inboxListQuery, response: { 200: inboxPageSchema } },
    handler: async (req) => s.inbox.list(actorOf(req), req.query),
  });
  r.get('/api/inbox/unread', {
    config: { access: { action: 'self' } },
    schema: { tags: ['inbox'], summary: 'How many of my messages I have not read', response: { 200: inboxUnreadSchema } },
    handler: async (req) => s.inbox.unread(actorOf(req)),
  });
  r.post('/api/inbox/:messageId/read', {
    config: { access: { action: 'self' } },
    schema: { tags: ['inbox'], summary: 'Marks one of my messages read', params: z.object({ messageId: idSchema }), response: { 200: inboxUnreadSchema } },
    handler: async (req) => s.inbox.markRead(actorOf(req), req.params.messageId),
  });
  r.post('/api/inbox/read-all', {
    config: { access: { action: 'self' } },
    schema: { tags: ['inbox'], summary: 'Marks all my messages read', response: { 200: inboxUnreadSchema } },
    handler: async (req) => s.inbox.markAllRead(actorOf(req)),
  });
}
