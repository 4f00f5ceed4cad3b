import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agentCredentialCreateBody,
  agentCredentialCreated,
  agentCredentialSchema,
  deviceChangeSchema,
  deviceListQuery,
  deviceSchema,
  idSchema,
  installedSoftwareSchema,
  inventorySettingsBody,
  inventorySettingsSchema,
  inventorySubmissionSchema,
  okSchema,
  pageOf,
  pageQuery,
  type Device,
} from '../../../packages/contracts/index.ts';
import { writeXlsx, type XlsxColumn } from '../../../packages/core/files/tabular.ts';
import type { Services } from '../../../packages/core/services.ts';
import { actorOf } from '../plugins/access.ts';

/** The server's own address as the client reached it, for agent command lines. */
export function baseUrlOf(req: FastifyRequest): string {
  const host = req.headers.host ?? `127.0.0.1:${req.socket.localPort ?? 8080}`;
  return `${req.protocol}://${host}`;
}

const DEVICE_COLUMNS: XlsxColumn<Device>[] = [
  { header: '计算机名称', width: 24, value: (d) => d.name },
  { header: '单位', width: 30, value: (d) => d.orgName },
  { header: '操作系统', width: 30, value: (d) => d.osName },
  { header: '系统版本', value: (d) => d.osVersion },
  { header: '架构', value: (d) => d.osArch },
  { header: '制造商', value: (d) => d.manufacturer },
  { header: '型号', value: (d) => d.model },
  { header: 'BIOS序列号', width: 20, value: (d) => d.serial },
  { header: '硬件UUID', width: 38, value: (d) => d.uuid },
  { header: 'MAC地址', width: 40, value: (d) => d.macs.join(';') },
  { header: '最近用户', value: (d) => d.lastUser },
  { header: '软件数量', value: (d) => d.softwareCount },
  { header: '来源', value: (d) => d.source },
  { header: '首次发现', width: 20, value: (d) => d.firstSeenAt.slice(0, 19).replace('T', ' ') },
  { header: '最近上报', width: 20, value: (d) => d.lastSeenAt.slice(0, 19).replace('T', ' ') },
];

export function devicesRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const orgParams = z.object({ orgId: idSchema });
  const deviceParams = z.object({ orgId: idSchema, deviceId: idSchema });

  r.get('/api/devices', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Devices in my scope (one organization with orgId)', querystring: deviceListQuery, response: { 200: pageOf(deviceSchema) } },
    handler: async (req) => s.devices.list(actorOf(req), req.query),
  });
  r.get('/api/devices/export.xlsx', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Exports the filtered device list to XLSX', querystring: deviceListQuery.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => {
      const buf = await writeXlsx('计算机', DEVICE_COLUMNS, s.devices.iterate(actorOf(req), req.query));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="devices.xlsx"; filename*=UTF-8''${encodeURIComponent('计算机列表.xlsx')}`)
        .send(buf);
    },
  });
  r.get('/api/devices/operating-systems', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Operating systems seen (filter choices)', querystring: z.object({ orgId: idSchema.optional() }), response: { 200: z.object({ items: z.array(z.string()) }) } },
    handler: async (req) => ({ items: await s.devices.operatingSystems(actorOf(req), req.query.orgId) }),
  });
  r.get('/api/orgs/:orgId/devices/:deviceId', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'One device: hardware and identity', params: deviceParams, response: { 200: deviceSchema } },
    handler: async (req) => s.devices.get(actorOf(req), req.params.orgId, req.params.deviceId),
  });
  r.get('/api/orgs/:orgId/devices/:deviceId/software', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Installed software of a device', params: deviceParams, querystring: pageQuery.extend({ q: z.string().trim().max(100).optional() }), response: { 200: pageOf(installedSoftwareSchema) } },
    handler: async (req) => s.devices.software(actorOf(req), req.params.orgId, req.params.deviceId, req.query),
  });
  r.get('/api/orgs/:orgId/devices/:deviceId/history', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'What changed between inventories (added, removed, upgraded)', params: deviceParams, querystring: pageQuery, response: { 200: pageOf(deviceChangeSchema) } },
    handler: async (req) => s.devices.history(actorOf(req), req.params.orgId, req.params.deviceId, req.query),
  });
  r.post('/api/orgs/:orgId/devices/:deviceId/approve', {
    config: { access: { action: 'device.write' } },
    schema: { tags: ['inventory'], summary: 'Accepts a quarantined device (open enrollment)', params: deviceParams, response: { 200: deviceSchema } },
    handler: async (req) => s.devices.approve(actorOf(req), req.params.orgId, req.params.deviceId),
  });
  r.post('/api/orgs/:orgId/devices/:deviceId/reject', {
    config: { access: { action: 'device.write' } },
    schema: { tags: ['inventory'], summary: 'Rejects a quarantined device', params: deviceParams, response: { 200: okSchema } },
    handler: async (req) => {
      await s.devices.reject(actorOf(req), req.params.orgId, req.params.deviceId);
      return { ok: true as const };
    },
  });
  r.get('/api/orgs/:orgId/inventories', {
    config: { access: { action: 'device.read' } },
    schema: { tags: ['inventory'], summary: 'Received inventory submissions with their processing status', params: orgParams, querystring: pageQuery.extend({ deviceId: idSchema.optional() }), response: { 200: pageOf(inventorySubmissionSchema) } },
    handler: async (req) => s.devices.submissions(actorOf(req), req.params.orgId, req.query, req.query.deviceId),
  });

  r.get('/api/orgs/:orgId/agent-credentials', {
    config: { access: { action: 'agent.manage' } },
    schema: { tags: ['inventory'], summary: 'Agent credentials of an organization', params: orgParams, response: { 200: z.object({ items: z.array(agentCredentialSchema) }) } },
    handler: async (req) => ({ items: await s.agents.list(actorOf(req), req.params.orgId) }),
  });
  r.post('/api/orgs/:orgId/agent-credentials', {
    config: { access: { action: 'agent.manage' } },
    schema: { tags: ['inventory'], summary: 'Creates agent credentials; the password and command lines are shown once', params: orgParams, body: agentCredentialCreateBody, response: { 201: agentCredentialCreated } },
    handler: async (req, reply) => reply.code(201).send(await s.agents.create(actorOf(req), req.params.orgId, req.body.label, baseUrlOf(req))),
  });
  r.delete('/api/orgs/:orgId/agent-credentials/:credentialId', {
    config: { access: { action: 'agent.manage' } },
    schema: { tags: ['inventory'], summary: 'Revokes agent credentials', params: orgParams.extend({ credentialId: idSchema }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.agents.revoke(actorOf(req), req.params.orgId, req.params.credentialId);
      return { ok: true as const };
    },
  });
  r.get('/api/orgs/:orgId/inventory-settings', {
    config: { access: { action: 'agent.manage' } },
    schema: { tags: ['inventory'], summary: 'Open enrollment and agent command lines', params: orgParams, response: { 200: inventorySettingsSchema } },
    handler: async (req) => s.agents.settings(actorOf(req), req.params.orgId, baseUrlOf(req)),
  });
  r.put('/api/orgs/:orgId/inventory-settings', {
    config: { access: { action: 'agent.manage' } },
    schema: { tags: ['inventory'], summary: 'Turns open enrollment on or off', params: orgParams, body: inventorySettingsBody, response: { 200: inventorySettingsSchema } },
    handler: async (req) => s.agents.setSettings(actorOf(req), req.params.orgId, req.body.openEnrollment, baseUrlOf(req)),
  });
}
