import type { Device, DeviceListQuery } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type DeviceView } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { dayStartUtc } from '../dates.ts';
import { assertCan, scopeOf, type Actor } from '../policy/policy.ts';

export function toDevice(d: DeviceView): Device {
  return {
    id: d.id,
    orgId: d.org_id,
    orgName: d.org_name,
    name: d.name,
    uuid: d.uuid,
    serial: d.serial,
    macs: d.macs ? d.macs.split(',') : [],
    agentDeviceId: d.agent_device_id,
    manufacturer: d.manufacturer,
    model: d.model,
    osName: d.os_name,
    osVersion: d.os_version,
    osArch: d.os_arch,
    domain: d.domain,
    lastUser: d.last_user,
    cpu: d.cpu,
    memoryMb: d.memory_mb === null ? null : Number(d.memory_mb),
    source: d.source,
    agent: d.agent,
    status: d.status as Device['status'],
    softwareCount: Number(d.software_count),
    firstSeenAt: d.first_seen_at,
    lastSeenAt: d.last_seen_at,
  };
}


/** Devices (计算机) of the organizations in scope: list, detail, software, history, quarantine. */
export class DevicesService {
  /** Told when a device joins or leaves an organization's estate (approve, reject). */
  onChanged: ((orgId: string) => void) | null = null;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  private filter(q: Omit<DeviceListQuery, 'page' | 'pageSize'>) {
    return { ...q, seenBefore: q.seenBefore ? dayStartUtc(q.seenBefore) : undefined, seenAfter: q.seenAfter ? dayStartUtc(q.seenAfter) : undefined };
  }

  async list(actor: Actor, q: DeviceListQuery): Promise<{ items: Device[]; total: number }> {
    assertCan(actor, 'device.read');
    if (q.orgId) await this.orgTarget(actor, q.orgId, 'device.read');
    const { rows, total } = await repositories(this.database.db).inventory.listDevices(scopeOf(actor), this.filter(q), { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: rows.map(toDevice), total };
  }

  /** Every device matching the filter, in batches (exports). */
  async *iterate(actor: Actor, q: Omit<DeviceListQuery, 'page' | 'pageSize'>): AsyncGenerator<Device[]> {
    assertCan(actor, 'device.read');
    if (q.orgId) await this.orgTarget(actor, q.orgId, 'device.read');
    const repo = repositories(this.database.db).inventory;
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await repo.listDevices(scopeOf(actor), this.filter(q), { offset, limit: 1000 });
      if (rows.length) yield rows.map(toDevice);
      if (rows.length < 1000) return;
    }
  }

  async operatingSystems(actor: Actor, orgId?: string): Promise<string[]> {
    assertCan(actor, 'device.read');
    if (orgId) await this.orgTarget(actor, orgId, 'device.read');
    return repositories(this.database.db).inventory.distinctOs(scopeOf(actor), orgId);
  }

  async get(actor: Actor, orgId: string, deviceId: string): Promise<Device> {
    return toDevice(await this.device(actor, orgId, deviceId, 'device.read'));
  }

  async software(actor: Actor, orgId: string, deviceId: string, q: { q?: string | undefined; page: number; pageSize: number }) {
    await this.device(actor, orgId, deviceId, 'device.read');
    const { rows, total } = await repositories(this.database.db).inventory.listSoftware(orgId, deviceId, q.q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return {
      total,
      items: rows.map((r) => ({ key: r.title_key, name: r.name, version: r.version, publisher: r.publisher, arch: r.arch, installDate: r.install_date, source: r.source, guid: r.guid, sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes), firstSeenAt: r.first_seen_at })),
    };
  }

  async history(actor: Actor, orgId: string, deviceId: string, page: { page: number; pageSize: number }) {
    await this.device(actor, orgId, deviceId, 'device.read');
    const { rows, total } = await repositories(this.database.db).inventory.listChanges(orgId, deviceId, { offset: (page.page - 1) * page.pageSize, limit: page.pageSize });
    return { total, items: rows.map((r) => ({ id: r.id, inventoryId: r.inventory_id, at: r.at, change: r.change as 'added', name: r.name, arch: r.arch, oldVersion: r.old_version, newVersion: r.new_version })) };
  }

  async submissions(actor: Actor, orgId: string, page: { page: number; pageSize: number }, deviceId?: string) {
    await this.orgTarget(actor, orgId, 'device.read');
    const { rows, total } = await repositories(this.database.db).inventory.listInventories(orgId, { offset: (page.page - 1) * page.pageSize, limit: page.pageSize }, deviceId);
    return {
      total,
      items: rows.map((r) => ({ id: r.id, deviceId: r.device_id, receivedAt: r.received_at, channel: r.channel, format: r.format, agent: r.agent, remoteAddr: r.remote_addr, size: Number(r.size), status: r.status as 'processed', error: r.error, softwareCount: r.software_count === null ? null : Number(r.software_count) })),
    };
  }

  /** Accepts a device that enrolled without credentials. */
  async approve(actor: Actor, orgId: string, deviceId: string): Promise<Device> {
    const d = await this.device(actor, orgId, deviceId, 'device.write');
    if (d.status !== 'quarantined') throw new AppError('VALIDATION_FAILED', { message: 'device is not quarantined' });
    await this.database.transaction(async (trx) => {
      await repositories(trx).inventory.updateDevice(orgId, deviceId, { status: 'active' });
      await this.audit.append(trx, actor, { action: 'update', entityType: 'device', entityId: deviceId, orgId, regionCode: d.org_region_code, before: { status: 'quarantined' }, after: { status: 'active', name: d.name } });
    });
    this.onChanged?.(orgId);
    return this.get(actor, orgId, deviceId);
  }

  /** Rejects a quarantined device: it and its software are removed; its submissions stay on record. */
  async reject(actor: Actor, orgId: string, deviceId: string): Promise<void> {
    const d = await this.device(actor, orgId, deviceId, 'device.write');
    if (d.status !== 'quarantined') throw new AppError('VALIDATION_FAILED', { message: 'device is not quarantined' });
    await this.database.transaction(async (trx) => {
      await repositories(trx).inventory.deleteDevice(orgId, deviceId);
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'device', entityId: deviceId, orgId, regionCode: d.org_region_code, before: { status: 'quarantined', name: d.name, serial: d.serial, uuid: d.uuid } });
    });
  }

  private async device(actor: Actor, orgId: string, deviceId: string, action: 'device.read' | 'device.write') {
    const d = await repositories(this.database.db).inventory.findDevice(orgId, deviceId);
    if (!d) {
      await this.orgTarget(actor, orgId, action);
      throw notFound('device');
    }
    assertCan(actor, action, { orgPath: d.org_path, regionCode: d.org_region_code });
    return d;
  }

  private async orgTarget(actor: Actor, orgId: string, action: 'device.read' | 'device.write') {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) throw notFound('organization');
    assertCan(actor, action, { orgPath: org.path, regionCode: org.region_code });
    return org;
  }
}
