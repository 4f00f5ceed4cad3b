import { findingBody, planBody, PROGRAMME_MONTHS } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { generateSigningKey } from '../scan/keys.ts';
import type { Actor } from '../policy/policy.ts';
import type { Services } from '../services.ts';
import { toActor } from '../users/users.mapper.ts';

/**
 * The demo profile's supervision inspection (督查): this year's latest
 * on-site inspection month of the programme (March or August), aimed at
 * Zhejiang, confirmed and sampled from a fixed seed, assigned to the demo
 * `inspector`, with two findings recorded by hand (one already reported as
 * being fixed by the region office). The inspector has a registered signing
 * key (a fresh key pair whose private half is thrown away: the demo shows
 * the registry; a real inspector registers the `.pub` of `zb keys create`).
 * Deterministic apart from that key; runs after the campaign.
 */
export async function seedDemoInspection(s: Services): Promise<{ planId: string } | null> {
  const repos = repositories(s.database.db);
  const inspectorRow = await repos.users.findByUsername('inspector');
  if (!inspectorRow) return null;
  const inspector: Actor = toActor(inspectorRow);
  const demoKey = generateSigningKey('inspector-laptop');
  await s.signingKeys.register(inspector, { publicKey: JSON.stringify({ alg: 'ed25519', keyId: demoKey.keyId, publicKey: demoKey.publicKey, name: demoKey.signer }), name: '督查组笔记本（演示）' });
  const zjRow = await repos.users.findByUsername('zj_admin');
  const zhejiang: Actor = zjRow ? toActor(zjRow) : SYSTEM_ACTOR;
  const today = s.inspection.clock();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const months = PROGRAMME_MONTHS['on-site'];
  const past = months.filter((x) => x <= m);
  const year = past.length ? y : y - 1;
  const month = past.length ? past[past.length - 1]! : months[months.length - 1]!;

  const plan = await s.inspection.create(SYSTEM_ACTOR, planBody.parse({ year, type: 'on-site', month, title: `${year}年${month}月实地督查（浙江省）`, targetRegions: ['330000'], orgSampleSize: 6, devicesPerOrg: 2, inspectorIds: [inspector.userId], note: '按工作计划第4项，实地督查与书面督查相结合。' }));
  await s.inspection.confirm(SYSTEM_ACTOR, plan.id);
  const sample = await s.inspection.sample(SYSTEM_ACTOR, plan.id, 20120630);
  const visited = sample.orgs.filter((o) => o.devices.length > 0).slice(0, 2);
  const [first, second] = visited;
  if (first) {
    const f = await s.inspection.addFinding(inspector, plan.id, findingBody.parse({ orgId: first.orgId, severity: 'high', deviceName: first.devices[0]!.name, description: `计算机 ${first.devices[0]!.name ?? ''} 安装的办公软件无授权证明` }));
    await s.inspection.followUp(zhejiang, f.id, { status: 'rectifying', note: '已通知该单位采购正版授权，正在安装' });
  }
  if (second) {
    await s.inspection.addFinding(inspector, plan.id, findingBody.parse({ orgId: second.orgId, severity: 'medium', description: '未建立软件资产台账，软件安装未经审批' }));
  }
  return { planId: plan.id };
}
