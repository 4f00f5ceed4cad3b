import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CampaignView, ProgressDetail, ProgressItem } from '../packages/contracts/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { buildUscc } from '../test/builders.ts';
import { apiSession, DEMO_PASSWORD, expectText, login, logout } from './ui.ts';

const baseUrl = inject('baseUrl');

describe.skipIf(!hasChromium)('the rectification campaign (检查整改)', () => {
  let browser: TestBrowser;
  let campaign: CampaignView;
  let agency: ProgressItem;
  const username = `e2e_campaign_${Date.now() % 100000}`;
  // An agency of its own with no computers (other e2e files give the demo agencies computers).
  const emptyAdmin = `e2e_empty_${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The scene: an agency of the demo whose compliance figures reach the target, still rectifying, gets an administrator.
    const admin = await apiSession(baseUrl, 'admin');
    campaign = (await admin.get<{ items: CampaignView[] }>('/api/campaigns')).items.find((c) => c.name.includes('2012年'))!;
    const rectifying = (await admin.get<{ items: ProgressItem[] }>(`/api/campaigns/${campaign.id}/progress?status=rectifying&pageSize=100`)).items;
    for (const item of rectifying) {
      const d = await admin.get<ProgressDetail>(`/api/campaigns/${campaign.id}/orgs/${item.orgId}`);
      if (d.evidence.met && d.evidence.kind === 'figures' && d.regionCode.startsWith('33')) {
        agency = item;
        break;
      }
    }
    expect(agency, 'the demo has an agency whose figures are evidence').toBeTruthy();
    await admin.post('/api/users', { username, displayName: '整改联络员', password: DEMO_PASSWORD, role: 'org_admin', orgId: agency.orgId });
    const empty = await admin.post<{ id: string }>('/api/orgs', { name: '浙江省档案馆（无计算机）', uscc: buildUscc('330000'), type: 'agency', agencyKind: 'institution', level: 'provincial', regionCode: '330000', staffCount: 20 });
    await admin.post('/api/users', { username: emptyAdmin, displayName: '档案馆管理员', password: DEMO_PASSWORD, role: 'org_admin', orgId: empty.id });
    for (const to of ['self-check', 'rectifying']) await admin.post(`/api/campaigns/${campaign.id}/orgs/${empty.id}/transitions`, { to, reason: '开始自查整改' });
    // The counts now include that agency.
    campaign = (await admin.get<{ items: CampaignView[] }>('/api/campaigns')).items.find((c) => c.id === campaign.id)!;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an agency without computers cannot declare completion: the error says why', async () => {
    const { page } = browser;
    await login(page, baseUrl, emptyAdmin);
    await page.goto(`${baseUrl}/campaign/campaigns/${campaign.id}`);
    await page.getByTestId('progress-open').first().click();
    await page.getByTestId('move-completed').click();
    await page.locator('#transition_reason').fill('申报完成');
    await page.getByTestId('transition-submit').click();
    await expectText(page.getByTestId('transition-error'), '没有计算机');
    await screenshot(page, '60-campaign-declare-refused');
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('progress-drawer').waitFor({ state: 'hidden' });
    await logout(page);
  });

  it('an organization admin declares completion with evidence, the region office verifies, the national office freezes a snapshot', async () => {
    const { page } = browser;
    // 1. The agency's administrator: its own agency only, the evidence, the declaration.
    await login(page, baseUrl, username);
    await page.goto(`${baseUrl}/campaign/campaigns`);
    await page.getByTestId('campaign-link').filter({ hasText: '2012年' }).click();
    await expectText(page.getByTestId('progress-table'), agency.orgName);
    // Its own agency (and those below it) only.
    expect(await page.getByTestId('progress-table').innerText()).not.toContain('浙江省人民政府办公厅');
    await page.getByTestId('progress-org').filter({ hasText: agency.orgName }).click();
    await expectText(page.getByTestId('evidence'), '各类别均达到目标');
    expect(await page.getByTestId('move-verified').count()).toBe(0);
    await page.getByTestId('move-completed').click();
    await page.locator('#transition_reason').fill('自查整改完成，三类软件全部正版');
    await page.getByTestId('transition-submit').click();
    await expectText(page.getByTestId('progress-drawer').getByTestId('progress-status').first(), '已完成');
    await expectText(page.getByTestId('progress-drawer'), '自查整改完成，三类软件全部正版');
    await screenshot(page, '61-campaign-declared');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('progress-drawer').waitFor({ state: 'hidden' });
    await logout(page);

    // 2. The provincial office accepts it.
    await login(page, baseUrl, 'zj_admin');
    await page.goto(`${baseUrl}/campaign/campaigns/${campaign.id}`);
    await page.getByTestId('progress-status-filter').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '已完成' }).click();
    await page.getByTestId('progress-org').filter({ hasText: agency.orgName }).click();
    await page.getByTestId('move-verified').click();
    await page.locator('#transition_reason').fill('督查组现场检查合格');
    await page.getByTestId('transition-submit').click();
    await expectText(page.getByTestId('progress-drawer').getByTestId('progress-status').first(), '已验收');
    await screenshot(page, '62-campaign-verified');
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('progress-drawer').waitFor({ state: 'hidden' });
    await logout(page);

    // 3. The national office takes today's snapshot and reads the figures down to the agency.
    await login(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/campaign/snapshots`);
    await page.getByTestId('snapshot-create').click();
    const node = page.getByTestId('snapshot-node');
    await expectText(node, '全国');
    await expectText(node, String(campaign.counts.inScope));
    await page.getByTestId('snapshot-regions').getByTestId('figure-open').filter({ hasText: '浙江省' }).click();
    await expectText(page.getByTestId('snapshot-node'), '浙江省');
    await expectText(page.getByTestId('snapshot-orgs'), agency.orgName);
    await page.getByTestId('snapshot-verify').click();
    await expectText(page.getByTestId('verify-result'), '校验通过');
    await screenshot(page, '63-campaign-snapshot');

    // The frozen row of the agency says verified.
    const admin = await apiSession(baseUrl, 'admin');
    const day = (await admin.get<{ items: { day: string }[] }>('/api/snapshots')).items[0]!.day;
    const drill = await admin.get<{ orgs: { subject: string; verified: number }[] }>(`/api/snapshots/${day}?regionCode=330000`);
    expect(drill.orgs.find((o) => o.subject === agency.orgId)?.verified).toBe(1);
  });
});
