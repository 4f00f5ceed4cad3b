import { deflateSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AGENT_REALM } from '../../../packages/core/inventory/agents.service.ts';
import { decodeAgentMessage, AGENT_LIMITS, refusalMessage, type AgentMessage } from '../../../packages/core/inventory/agent-protocol.ts';
import { InventoryParseError } from '../../../packages/core/inventory/inventory.types.ts';
import { EnrollmentConflictError } from '../../../packages/core/inventory/inventory.service.ts';
import type { Services } from '../../../packages/core/services.ts';
import type { QuarantineFolder } from './quarantine-folder.ts';
import type { DecodePool } from '../../../packages/core/inventory/decode-pool.ts';

/**
 * The endpoint existing agents talk to, unchanged (OCS Inventory agent,
 * FusionInventory agent, glpi-agent): `POST /ocsinventory` with HTTP Basic
 * agent credentials, and `POST /ocsinventory/enroll` for open enrollment
 * (no credentials; the organization's USCC as the agent's tag).
 * Replies are zlib at the default level with
 * `Content-Type: application/x-compress-zlib`: the one encoding all three
 * agents accept.
 */

const XML_SEND = '<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>SEND</RESPONSE><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>';
const XML_ACCEPTED = '<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>NO_ACCOUNT_UPDATE</RESPONSE></REPLY>';
const XML_STOP = '<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>STOP</RESPONSE></REPLY>';

/** The replies are a handful of constant texts: each is compressed once (deflateSync allocates a window of ~256 KB per call). */
const compressedReplies = new Map<string, Buffer>();

function zlibReply(reply: FastifyReply, code: number, body: string | object, req: FastifyRequest) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let compressed = compressedReplies.get(text);
  if (!compressed) {
    compressed = deflateSync(Buffer.from(text));
    if (compressedReplies.size < 64) compressedReplies.set(text, compressed);
  }
  const agentId = req.headers['glpi-agent-id'];
  if (typeof agentId === 'string') reply.header('GLPI-Agent-ID', agentId.slice(0, 64));
  return reply.code(code).header('content-type', 'application/x-compress-zlib').send(compressed);
}

/** HTTP Basic credentials of a request, if any. */
function basicAuth(req: FastifyRequest): { user: string; pass: string } | null {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

function challenge(reply: FastifyReply) {
  return reply.code(401).header('www-authenticate', `Basic realm="${AGENT_REALM}"`).header('content-type', 'text/plain; charset=utf-8').send('agent credentials required / 需要采集代理凭据\n');
}

export function agentRoutes(app: FastifyInstance, s: Services, quarantine: QuarantineFolder, pool?: DecodePool) {
  app.register(async (scope) => {
    // Agents send zlib, gzip, XML or JSON bodies; read every one as bytes, bounded.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: AGENT_LIMITS.maxBodyBytes }, (_req, body, done) => done(null, body));

    const refuse = (req: FastifyRequest, reply: FastifyReply, body: Buffer, code: number, reason: string, detail?: string) => {
      const kept = quarantine.keep(body, { reason, detail, remoteAddr: req.ip, contentType: req.headers['content-type'], url: req.url, agent: req.headers['user-agent'] });
      req.log.warn({ reason, detail, kept }, 'agent submission refused');
      const text = `${reason}: ${refusalMessage(reason, 'zh-CN')} / ${refusalMessage(reason, 'en-US')}${detail ? ` (${detail})` : ''}`;
      return reply.code(code).header('content-type', 'text/plain; charset=utf-8').send(`${text}\n`);
    };

    const handle = async (req: FastifyRequest, reply: FastifyReply, enroll: boolean) => {
      const body = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
      let principal: { orgId: string; credentialId: string | null } | null = null;
      if (!enroll) {
        const cred = basicAuth(req);
        if (!cred) return challenge(reply); // the normal first leg of HTTP Basic: nothing to keep
        const p = await s.agents.authenticate(cred.user, cred.pass);
        if (!p) {
          quarantine.keep(body, { reason: 'bad-credentials', detail: cred.user.slice(0, 64), remoteAddr: req.ip, url: req.url, agent: req.headers['user-agent'] });
          return challenge(reply);
        }
        principal = p;
      }
      let msg: AgentMessage;
      try {
        const meta = { userAgent: req.headers['user-agent'] ?? null };
        msg = pool ? await pool.decode(body, meta) : await decodeAgentMessage(body, meta);
      } catch (e) {
        if (e instanceof InventoryParseError) return refuse(req, reply, body, e.reason === 'body-too-large-inflated' ? 413 : 400, e.reason, e.detail);
        throw e;
      }
      const glpi = typeof req.headers['glpi-agent-id'] === 'string';
      if (msg.kind === 'prolog') {
        // glpi-agent switches to its JSON protocol when the PROLOG is answered in JSON.
        return zlibReply(reply, 200, glpi ? { status: 'ok', expiration: 24 } : XML_SEND, req);
      }
      if (msg.kind === 'contact') return zlibReply(reply, 200, { status: 'ok', expiration: 24, tasks: { inventory: {} } }, req);
      if (msg.kind === 'other') return zlibReply(reply, 200, msg.json ? { status: 'ok', expiration: 24 } : XML_STOP, req);

      // An inventory.
      if (enroll) {
        const orgId = await s.agents.enrollmentOrg(msg.inventory.tag);
        if (!orgId) return refuse(req, reply, body, 401, 'enrollment-refused', 'no organization with open enrollment has this tag (USCC)');
        principal = { orgId, credentialId: null };
      }
      const p = principal!;
      const encoding = body[0] === 0x78 ? 'zlib' : body[0] === 0x1f && body[1] === 0x8b ? 'gzip' : 'identity';
      try {
        await s.inventory.ingest(
          { orgId: p.orgId, credentialId: p.credentialId, channel: enroll ? 'enroll' : 'agent', format: msg.inventory.format, agent: msg.inventory.agent ?? req.headers['user-agent'] ?? null, remoteAddr: req.ip, raw: body, encoding },
          msg.inventory,
          { quarantine: enroll },
        );
      } catch (e) {
        if (e instanceof EnrollmentConflictError) return refuse(req, reply, body, 403, 'enrollment-conflict', 'this computer is already an accepted device of the organization: use agent credentials');
        throw e;
      }
      return zlibReply(reply, 200, msg.json ? { status: 'ok', expiration: 24 } : XML_ACCEPTED, req);
    };

    const doc = {
      tags: ['agents'],
      summary: 'OCS/FusionInventory XML protocol and GLPI JSON protocol (HTTP Basic agent credentials)',
      description: 'PROLOG → SEND → INVENTORY with zlib bodies (legacy XML), or contact/inventory JSON messages (glpi-agent). Replies are zlib with Content-Type application/x-compress-zlib.',
    };
    scope.post('/ocsinventory', { schema: doc }, (req, reply) => handle(req, reply, false));
    for (const url of ['/ocsinventory/', '/glpi', '/glpi/']) scope.post(url, { schema: { hide: true } }, (req, reply) => handle(req, reply, false));
    scope.post('/ocsinventory/enroll', { schema: { ...doc, summary: "Open enrollment: no credentials; the agent's tag is the organization's USCC; the device waits in quarantine" } }, (req, reply) => handle(req, reply, true));
  });
}
