import fs from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { LIMITS } from '../../packages/contracts/index.ts';
import type { Services } from '../../packages/core/services.ts';
import { errorBody, handleError } from './errors.ts';
import accessPlugin, { type RegisteredRoute } from './plugins/access.ts';
import path from 'node:path';
import { agentRoutes } from './agent/agent.routes.ts';
import { QuarantineFolder } from './agent/quarantine-folder.ts';
import { DecodePool } from '../../packages/core/inventory/decode-pool.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { devicesRoutes } from './routes/devices.routes.ts';
import { catalogueRoutes } from './routes/catalogue.routes.ts';
import { inventoryImportRoutes, scanUploadRoutes } from './routes/inventory-import.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { orgsRoutes } from './routes/orgs.routes.ts';
import { recognitionRoutes } from './routes/recognition.routes.ts';
import { licensingRoutes } from './routes/licensing.routes.ts';
import { campaignRoutes } from './routes/campaign.routes.ts';
import { inspectionRoutes } from './routes/inspection.routes.ts';
import { bulletinRoutes } from './routes/bulletin.routes.ts';
import { statusFormRoutes } from './routes/status-form.routes.ts';
import { campaignDashboardRoutes } from './routes/campaign-dashboard.routes.ts';
import { inboxRoutes } from './routes/inbox.routes.ts';
import { licensingFilesRoutes } from './routes/licensing-files.routes.ts';
import { regionsRoutes } from './routes/regions.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { signingKeysRoutes } from './routes/signing-keys.routes.ts';

export interface AppOptions {
  services: Services;
  /** Folder of the built web UI; served at / when it exists. */
  webDir?: string | undefined;
  logger?: boolean;
  /** Data folder: refused agent payloads are kept under `<dataDir>/quarantine`. */
  dataDir?: string | undefined;
  /** Decode agent bodies on worker threads (the server does; tests decode in place). */
  decodeWorkers?: boolean;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies?: boolean;
}

export interface ZbApp {
  app: FastifyInstance;
  /** Every /api route with its access rule, as registered. */
  routes: RegisteredRoute[];
}

export const API_INFO = {
  title: 'Zhengban API',
  description: 'Zhengban (正版): software legalization programme platform. Errors: `{ error: { code, message, fields? } }`, message in the language of Accept-Language (zh-CN default, en-US).',
  version: '0.1.0',
};

/** Builds the Fastify application (routes tested with app.inject, no listening needed). */
export async function buildApp(opts: AppOptions): Promise<ZbApp> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes get the app; a missing API path or asset is a real 404.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET' || !opts.webDir) return reply.code(404).send(errorBody(req, 'NOT_FOUND'));
    return reply.sendFile('index.html');
  });

  const routes: RegisteredRoute[] = [];
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: LIMITS.uploadBytes, files: 1, fields: 10, parts: 12 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: API_INFO,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zb_session' },
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (zb_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(accessPlugin, { services: opts.services, routes });

  healthRoutes(app, opts.services);
  authRoutes(app, opts.services, { secureCookies: opts.secureCookies ?? false });
  regionsRoutes(app, opts.services);
  orgsRoutes(app, opts.services);
  usersRoutes(app, opts.services);
  signingKeysRoutes(app, opts.services);
  auditRoutes(app, opts.services);
  devicesRoutes(app, opts.services);
  catalogueRoutes(app, opts.services);
  inventoryImportRoutes(app, opts.services);
  scanUploadRoutes(app, opts.services);
  recognitionRoutes(app, opts.services);
  licensingRoutes(app, opts.services);
  campaignRoutes(app, opts.services);
  inspectionRoutes(app, opts.services);
  bulletinRoutes(app, opts.services);
  statusFormRoutes(app, opts.services);
  campaignDashboardRoutes(app, opts.services);
  inboxRoutes(app, opts.services);
  licensingFilesRoutes(app, opts.services);
  const pool = opts.decodeWorkers ? new DecodePool() : undefined;
  if (pool) app.addHook('onClose', () => pool.close());
  agentRoutes(app, opts.services, new QuarantineFolder(path.join(opts.dataDir ?? './data', 'quarantine')), pool);

  if (opts.webDir && fs.existsSync(path.join(opts.webDir, 'index.html'))) {
    // wildcard: files added by a later build are served without a restart.
    await app.register(fastifyStatic, { root: path.resolve(opts.webDir), wildcard: true, index: 'index.html' });
  } else {
    opts.webDir = undefined;
  }
  await app.ready();
  return { app, routes };
}

/** The OpenAPI document generated from the zod contracts (committed as docs/openapi.json). */
export function openapiDocument(app: FastifyInstance): unknown {
  return app.swagger();
}
