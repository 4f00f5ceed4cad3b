import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, signingKeyBody, signingKeyList, signingKeySchema } from '../../../packages/contracts/index.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** Signing keys (签名密钥) of `zb scan` result files: my own, and (national office) anyone's. */
export function signingKeysRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['signing-keys'];
  const keyId = z.string().min(1).max(64);

  r.get('/api/me/signing-keys', {
    config: { access: { action: 'self' } },
    schema: { tags, summary: 'My signing keys, revoked ones included', response: { 200: signingKeyList } },
    handler: async (req) => ({ items: await s.signingKeys.listOwn(actorOf(req)) }),
  });
  r.post('/api/me/signing-keys', {
    config: { access: { action: 'self' } },
    schema: { tags, summary: 'Registers one of my public keys (the .pub file `zb keys create` wrote)', body: signingKeyBody, response: { 201: signingKeySchema } },
    handler: async (req, reply) => reply.code(201).send(await s.signingKeys.register(actorOf(req), req.body)),
  });
  r.delete('/api/me/signing-keys/:keyId', {
    config: { access: { action: 'self' } },
    schema: { tags, summary: 'Revokes one of my keys: files it signs are refused from now on', params: z.object({ keyId }), response: { 200: signingKeySchema } },
    handler: async (req) => s.signingKeys.revokeOwn(actorOf(req), req.params.keyId),
  });
  r.get('/api/users/:userId/signing-keys', {
    config: { access: { action: 'signingkey.manage' } },
    schema: { tags, summary: "A user's signing keys (national office)", params: z.object({ userId: idSchema }), response: { 200: signingKeyList } },
    handler: async (req) => ({ items: await s.signingKeys.listOf(actorOf(req), req.params.userId) }),
  });
  r.delete('/api/users/:userId/signing-keys/:keyId', {
    config: { access: { action: 'signingkey.manage' } },
    schema: { tags, summary: "Revokes a user's signing key (national office)", params: z.object({ userId: idSchema, keyId }), response: { 200: signingKeySchema } },
    handler: async (req) => s.signingKeys.revokeOf(actorOf(req), req.params.userId, req.params.keyId),
  });
}
