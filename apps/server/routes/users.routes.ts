import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, pageOf, userCreateBody, userListQuery, userSchema, userUpdateBody } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

export function usersRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ userId: idSchema });
  r.get('/api/users', {
    config: { access: { action: 'user.read' } },
    schema: { tags: ['users'], summary: 'Users in my scope', querystring: userListQuery, response: { 200: pageOf(userSchema) } },
    handler: async (req) => s.users.list(actorOf(req), req.query),
  });
  r.post('/api/users', {
    config: { access: { action: 'user.write' } },
    schema: { tags: ['users'], summary: 'Creates a user with a role and scope', body: userCreateBody, response: { 201: userSchema } },
    handler: async (req, reply) => reply.code(201).send(await s.users.create(actorOf(req), req.body)),
  });
  r.get('/api/users/:userId', {
    config: { access: { action: 'user.read' } },
    schema: { tags: ['users'], summary: 'One user', params, response: { 200: userSchema } },
    handler: async (req) => s.users.get(actorOf(req), req.params.userId),
  });
  r.put('/api/users/:userId', {
    config: { access: { action: 'user.write' } },
    schema: { tags: ['users'], summary: 'Updates a user (role, scope, password, disabled)', params, body: userUpdateBody, response: { 200: userSchema } },
    handler: async (req) => s.users.update(actorOf(req), req.params.userId, req.body),
  });
}
