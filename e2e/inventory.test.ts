import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { macFor, postOcsInventory } from './ocs-agent.ts';
import type { OcsInventory, OcsSoftware } from './ocs-agent.ts';
import { eventually, expectText, login, logout, menuLabels, submenuLabels } from './ui.ts';

const baseUrl = inject('baseUrl');

/** What a typical office PC of a provincial department has installed: 30 packages. */
const SOFTWARE: OcsSoftware[] = [
  { name: 'WPS Office 2023', version: '12.1.0.16120', publisher: '北京金山办公软件股份有限公司' },
  { name: 'Microsoft Office 专业增强版 2019', version: '16.0.10827.20181', publisher: 'Microsoft Corporation' },
  { name: 'Google Chrome', version: '120.0.6099.130', publisher: 'Google LLC' },
  { name: 'Mozilla Firefox (x64 zh-CN)', version: '121.0', publisher: 'Mozilla' },
  { name: '腾讯QQ', version: '9.7.20.29269', publisher: '深圳市腾讯计算机系统有限公司' },
  { name: '腾讯会议', version: '3.21.3.420', publisher: '深圳市腾讯计算机系统有限公司' },
  { name: '微信', version: '3.9.8.25', publisher: '深圳市腾讯计算机系统有限公司' },
  { name: '钉钉', version: '7.5.0', publisher: '钉钉（中国）信息技术有限公司' },
  { name: '搜狗输入法 13.0正式版', version: '13.0.0.8190', publisher: '北京搜狗科技发展有限公司' },
  { name: '360安全卫士', version: '13.0.0.2175', publisher: '360安全中心' },
  { name: 'Adobe Acrobat Reader DC - Chinese Simplified', version: '23.008.20470', publisher: 'Adobe Systems Incorporated' },
  { name: '福昕PDF阅读器', version: '12.1.3.15356', publisher: '福建福昕软件开发股份有限公司' },
  { name: 'CAJViewer 7.3', version: '7.3.158', publisher: '同方知网' },
  { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' },
  { name: 'WinRAR 6.24 (64-bit)', version: '6.24.0', publisher: 'win.rar GmbH' },
  { name: 'Notepad++ (64-bit x64)', version: '8.6', publisher: 'Notepad++ Team' },
  { name: 'VLC media player', version: '3.0.20', publisher: 'VideoLAN' },
  { name: 'Foxmail', version: '7.2.25.228', publisher: 'Tencent' },
  { name: '网易有道翻译', version: '10.1.2.0', publisher: '网易有道' },
  { name: '百度网盘', version: '7.37.5.3', publisher: '北京度友科技有限公司' },
  { name: '向日葵远程控制', version: '14.2.0.61743', publisher: '上海贝锐信息科技股份有限公司' },
  { name: 'TeamViewer', version: '15.49.2', publisher: 'TeamViewer' },
  { name: 'Zoom', version: '5.17.1', publisher: 'Zoom Video Communications, Inc.' },
  { name: 'Python 3.12.1 (64-bit)', version: '3.12.1150.0', publisher: 'Python Software Foundation' },
  { name: 'Git', version: '2.43.0', publisher: 'The Git Development Community' },
  { name: 'Microsoft Visual Studio Code', version: '1.85.1', publisher: 'Microsoft Corporation' },
  { name: 'Java 8 Update 391', version: '8.0.3910.13', publisher: 'Oracle Corporation' },
  { name: 'AutoCAD 2020 - 简体中文', version: '23.1.47.0', publisher: 'Autodesk' },
  { name: '金税盘开票软件', version: '3.2.0', publisher: '航天信息股份有限公司' },
  { name: '国家政务服务平台客户端', version: '2.0.1', publisher: '国务院办公厅' },
];

describe.skipIf(!hasChromium)('inventory (资产清查) as an organization admin', () => {
  let browser: TestBrowser;
  const stamp = Date.now().toString(36);
  const hostname = `ZJCZ-PC-${stamp}`.toUpperCase();
  const inventory: OcsInventory = { hostname, uuid: `4C4C4544-0042-3510-8056-${stamp.padStart(12, '0').slice(-12).toUpperCase()}`, serial: `PF${stamp}`.toUpperCase(), software: SOFTWARE };
  let orgId = '';
  let uscc = '';
  let credentials = { username: '', password: '' };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the inventory module and explains where devices come from', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'org_admin');
    expect(await menuLabels(page)).toContain('资产清查');
    expect(await submenuLabels(page, '资产清查')).toEqual(['计算机', '待审批', '代理接入', '清单导入']);
    const me = (await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { user: { orgId: string } };
    orgId = me.user.orgId;
    const org = (await (await page.request.get(`${baseUrl}/api/orgs/${orgId}`)).json()) as { uscc: string; name: string };
    uscc = org.uscc;
    expect(org.name).toBe('浙江省财政厅');

    await page.getByTestId('side-menu').getByText('计算机', { exact: true }).click();
    await expectText(page.getByTestId('devices-empty'), '还没有计算机');
    await expectText(page.getByTestId('device-filters'), '浙江省财政厅');
    await settle(page);
    await screenshot(page, 'inventory-01-no-devices');
  });

  it('creates agent credentials and shows the password and command lines once', async () => {
    const { page } = browser;
    await page.getByTestId('devices-empty').getByRole('button', { name: '配置采集代理' }).click();
    await eventually(async () => expect(page.url()).toContain(`/inventory/agents?orgId=${orgId}`));
    await page.getByTestId('credential-create').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '创建采集代理凭据' });
    await modal.locator('#credential_label').fill('办公楼 3 层');
    await modal.getByRole('button', { name: /新\s*建/ }).click();

    const created = page.locator('.ant-modal').filter({ hasText: '凭据已创建' });
    await expectText(created, '密码只显示这一次');
    credentials = {
      username: (await created.getByTestId('credential-username').innerText()).trim(),
      password: (await created.getByTestId('credential-password').innerText()).trim(),
    };
    expect(credentials.username).toMatch(/^zb-/);
    expect(credentials.password.length).toBeGreaterThanOrEqual(16);
    // The OCS agent base64-decodes --user/--password, and Debian's config needs --local=0.
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await expectText(created.getByTestId('agent-command-ocs'), `--user ${b64(credentials.username)} --password ${b64(credentials.password)}`);
    await expectText(created.getByTestId('agent-command-ocs'), '--local=0');
    await expectText(created.getByTestId('agent-command-fusion'), `--user ${credentials.username} --password ${credentials.password}`);
    await expectText(created.getByTestId('agent-command-glpi'), `${baseUrl}/ocsinventory`);
    await expectText(created, 'base64');
    await settle(page);
    await screenshot(page, 'inventory-02-credentials-created');
    await created.getByRole('button', { name: '我已保存，关闭' }).click();
    await created.waitFor({ state: 'hidden' });
    await expectText(page.getByTestId('credential-table'), credentials.username);
    // Once the dialog is closed the page never shows the secret again.
    expect(await page.locator('body').innerText()).not.toContain(credentials.password);
  });

  it('receives an OCS inventory of 30 packages and lists the device', async () => {
    const { page } = browser;
    const reply = await postOcsInventory(baseUrl, inventory, credentials);
    expect(reply, `POST /ocsinventory answered ${reply.status} ${reply.contentType}: ${reply.body}`).toMatchObject({ status: 200 });
    expect(reply.body).toContain('NO_ACCOUNT_UPDATE');

    await page.getByTestId('side-menu').getByText('计算机', { exact: true }).click();
    const row = page.getByTestId('device-table').locator('.ant-table-row').filter({ hasText: hostname });
    await expectText(row, '浙江省财政厅');
    await expectText(row, 'Microsoft Windows 10 专业版');
    await expectText(row, 'LENOVO ThinkCentre M720t');
    // 30 packages and the operating system the agent describes (one install of its own).
    await expectText(row.locator('td').nth(await columnIndex(page, '软件数量')), '31');
    await expectText(row, 'OCS/Fusion 代理');
    // The operating system filter offers what the agents reported.
    await page.getByTestId('device-filter-os').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: 'Microsoft Windows 10 专业版' }).click();
    await eventually(async () => expect(page.url()).toContain('os='));
    await expectText(page.getByTestId('device-table'), hostname);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await settle(page);
    await screenshot(page, 'inventory-03-device-list');
  });

  it('opens the device: hardware, software count, and a server-side software search', async () => {
    const { page } = browser;
    await page.getByTestId('device-table').getByRole('link', { name: hostname }).click();
    await expectText(page.getByTestId('device-detail-name'), hostname);
    const facts = page.getByTestId('device-descriptions');
    await expectText(facts, inventory.serial!);
    await expectText(facts, macFor(hostname));
    await expectText(facts, '16 GB');
    await expectText(page.getByTestId('device-software-count'), '31');
    await expectText(page.getByTestId('device-tabs').getByRole('tab', { name: /软件/ }), '软件 (31)');
    await expectText(page.getByTestId('software-tab').locator('.ant-pagination-total-text'), '共 31 条');

    const q = '腾讯';
    const expected = SOFTWARE.filter((s) => s.name.includes(q) || s.publisher?.includes(q)).length;
    await page.getByTestId('software-search').locator('input').fill(q);
    await page.getByTestId('software-search').locator('input').press('Enter');
    await expectText(page.getByTestId('software-match-count'), `匹配 ${expected} 个软件`);
    await eventually(async () => expect(await page.getByTestId('software-table').locator('.ant-table-row').count()).toBe(expected));
    await expectText(page.getByTestId('software-table'), '腾讯会议');
    await page.getByTestId('device-tabs').scrollIntoViewIfNeeded();
    await settle(page);
    await screenshot(page, 'inventory-04-device-software');
    // The operating system is among the device's software, as the agent described it.
    await page.getByTestId('software-search').locator('input').fill('Windows 10');
    await page.getByTestId('software-search').locator('input').press('Enter');
    await expectText(page.getByTestId('software-match-count'), '匹配 1 个软件');
    await expectText(page.getByTestId('software-table'), 'Microsoft Windows 10 专业版');
    await expectText(page.getByTestId('software-table').locator('.ant-tag'), '操作系统');
  });

  it('shows an upgrade and a removal in the history after a second inventory', async () => {
    const { page } = browser;
    const second = SOFTWARE.filter((s) => s.name !== 'TeamViewer').map((s) => (s.name === 'Google Chrome' ? { ...s, version: '121.0.6167.85' } : s));
    const reply = await postOcsInventory(baseUrl, { ...inventory, software: second }, credentials);
    expect(reply, `second POST /ocsinventory answered ${reply.status}: ${reply.body}`).toMatchObject({ status: 200 });

    await page.reload();
    await expectText(page.getByTestId('device-software-count'), '30');
    await page.getByTestId('device-tabs').getByRole('tab', { name: '变更历史' }).click();
    const history = page.getByTestId('history-table');
    const upgraded = history.locator('.ant-table-row').filter({ hasText: 'Google Chrome' });
    await expectText(upgraded, '升级');
    await expectText(upgraded, '120.0.6099.130');
    await expectText(upgraded, '121.0.6167.85');
    expect(await upgraded.locator('.ant-tag').getAttribute('class')).toContain('blue');
    const removed = history.locator('.ant-table-row').filter({ hasText: 'TeamViewer' });
    await expectText(removed, '卸载');
    expect(await removed.locator('.ant-tag').getAttribute('class')).toContain('red');
    expect(await history.locator('.ant-table-row').count()).toBe(2);
    await settle(page);
    await screenshot(page, 'inventory-05-device-history');

    await page.getByTestId('device-tabs').getByRole('tab', { name: '上报记录' }).click();
    const submissions = page.getByTestId('submissions-table').locator('.ant-table-row');
    await eventually(async () => expect(await submissions.count()).toBe(2));
    await expectText(submissions.first(), '已处理');
    await expectText(submissions.first(), '采集代理');
    await expectText(submissions.first(), '30');
    await settle(page);
    await screenshot(page, 'inventory-06-device-submissions');
  });

  it('exports the filtered device list as an Excel workbook', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/devices?q=${encodeURIComponent(hostname)}`);
    await expectText(page.getByTestId('device-table'), hostname);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('device-export').click()]);
    expect(download.suggestedFilename()).toBe('计算机列表.xlsx');
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('计算机名称');
    // The search went along: only this device.
    expect(sheet.actualRowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).text).toBe(hostname);
  });

  it('sorts the device list on the server; the default is the most recently seen first', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/devices`);
    const table = page.getByTestId('device-table');
    await expectText(table, hostname);
    const header = (title: string) => table.locator('thead th').filter({ hasText: title });
    expect(await header('最近上报').getAttribute('aria-sort')).toBe('descending');
    await header('软件数量').click();
    await eventually(async () => expect(await header('软件数量').getAttribute('aria-sort')).toBe('ascending'));
    await header('软件数量').click();
    await eventually(async () => expect(page.url()).toContain('sort=softwareCount&order=desc'));
    expect(await header('最近上报').getAttribute('aria-sort')).toBeNull();
    const top = (await (await page.request.get(`${baseUrl}/api/devices?sort=softwareCount&order=desc&pageSize=1`)).json()) as { items: { softwareCount: number }[] };
    await expectText(table.locator('.ant-table-row').first(), new Intl.NumberFormat('zh-CN').format(top.items[0]!.softwareCount));
  });

  it('turns open enrollment on; an enrolled device waits in quarantine until approved', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/inventory/agents`);
    const toggle = page.getByTestId('open-enrollment');
    await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('false'));
    await expectText(page.getByTestId('agent-command-enroll'), `--tag ${uscc}`);
    await toggle.click();
    await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('true'));
    await expectText(page.locator('.ant-message'), '已开启开放注册');
    const settings = (await (await page.request.get(`${baseUrl}/api/orgs/${orgId}/inventory-settings`)).json()) as { openEnrollment: boolean };
    expect(settings.openEnrollment).toBe(true);
    await settle(page);
    await screenshot(page, 'inventory-07-open-enrollment');

    const enrolled = `ZJCZ-NEW-${stamp}`.toUpperCase();
    const reply = await postOcsInventory(baseUrl, { hostname: enrolled, serial: `NEW${stamp}`.toUpperCase(), tag: uscc, software: SOFTWARE.slice(0, 5) });
    expect(reply, `POST /ocsinventory/enroll answered ${reply.status}: ${reply.body}`).toMatchObject({ status: 200 });

    await page.getByTestId('side-menu').getByText('待审批', { exact: true }).click();
    const row = page.getByTestId('quarantine-table').locator('.ant-table-row').filter({ hasText: enrolled });
    await expectText(row, 'Microsoft Windows 10 专业版');
    await settle(page);
    await screenshot(page, 'inventory-08-quarantine');
    await row.getByTestId('quarantine-approve').click();
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await expectText(confirm, enrolled);
    await confirm.getByRole('button', { name: /批\s*准/ }).click();
    await expectText(page.locator('.ant-message'), `已批准：${enrolled}`);
    await page.getByTestId('quarantine-empty').waitFor();

    await page.goto(`${baseUrl}/devices`);
    await expectText(page.getByTestId('device-table'), enrolled);

    // Back off again: nothing else in the run expects open enrollment.
    await page.goto(`${baseUrl}/inventory/agents`);
    await page.getByTestId('open-enrollment').click();
    await eventually(async () => expect(await page.getByTestId('open-enrollment').getAttribute('aria-checked')).toBe('false'));
  });

  it('imports the CSV template: a dry run first, then for real', async (ctx) => {
    const { page } = browser;
    // The import endpoint is being written alongside this page.
    const probe = await page.request.get(`${baseUrl}/api/inventory/import-template.xlsx?format=csv`);
    if (probe.status() === 404) ctx.skip();

    const imported = `ZJCZ-CSV-${stamp}`.toUpperCase();
    const csv = [
      '计算机名称,硬件UUID,BIOS序列号,MAC地址,操作系统,操作系统版本,软件名称,软件版本,发行商,安装日期,架构',
      `${imported},,CSV${stamp},00:50:56:aa:bb:cc,Microsoft Windows 11 专业版,10.0.22631,WPS Office 2023,12.1.0.16120,北京金山办公软件股份有限公司,2025-03-01,x64`,
      `${imported},,CSV${stamp},00:50:56:aa:bb:cc,Microsoft Windows 11 专业版,10.0.22631,钉钉,7.5.0,钉钉（中国）信息技术有限公司,2025-03-02,x64`,
    ].join('\n');
    const file = { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\n`, 'utf8') };

    await page.goto(`${baseUrl}/inventory/import`);
    await page.getByTestId('inventory-upload').locator('input[type=file]').setInputFiles(file);
    await expectText(page.getByTestId('inventory-upload'), 'inventory.csv');
    await page.getByTestId('inventory-import-submit').click();
    const result = page.getByTestId('inventory-import-result');
    await expectText(result, '试运行完成');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '清单数' }), '1');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '软件条目' }), '2');
    expect(await result.locator('.ant-statistic').filter({ hasText: '错误' }).innerText()).toContain('0');
    await settle(page);
    await screenshot(page, 'inventory-09-import-dry-run');

    await page.getByTestId('inventory-dry-run').click();
    await page.getByTestId('inventory-import-submit').click();
    await expectText(result, '导入完成');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '新增计算机' }), '1');
    await settle(page);
    await screenshot(page, 'inventory-10-import-done');
    await result.getByRole('button', { name: '查看计算机' }).click();
    await expectText(page.getByTestId('device-table'), imported);
  });

  it('shows the inventory pages in English', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/devices`);
    await page.getByTestId('lang-switch').getByText('English').click();
    await eventually(async () => expect(await menuLabels(page)).toContain('Inventory'));
    expect(await submenuLabels(page, 'Inventory')).toEqual(['Devices', 'Quarantine', 'Agent setup', 'Import']);
    await expectText(page.getByTestId('device-export'), 'Export to Excel');
    await expectText(page.getByTestId('device-table'), 'OCS/Fusion agent');
    await page.getByTestId('device-table').getByRole('link', { name: hostname }).click();
    await expectText(page.getByTestId('device-tabs'), 'Software (30)');
    await page.getByTestId('device-tabs').getByRole('tab', { name: 'History' }).click();
    await expectText(page.getByTestId('history-table'), 'Upgraded');
    await settle(page);
    await screenshot(page, 'inventory-11-english');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await eventually(async () => expect(await menuLabels(page)).toContain('资产清查'));
    await logout(page);
  });

  it('lets an auditor read devices but not set up agents; an inspector sees no inventory', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'auditor');
    expect(await submenuLabels(page, '资产清查')).toEqual(['计算机', '待审批']);
    await page.goto(`${baseUrl}/devices?q=${encodeURIComponent(hostname)}`);
    await expectText(page.getByTestId('device-table'), hostname);
    await page.goto(`${baseUrl}/inventory/agents`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await logout(page);

    await login(page, baseUrl, 'inspector');
    expect(await menuLabels(page)).not.toContain('资产清查');
    await page.goto(`${baseUrl}/devices`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await logout(page);
  });
});

/** Lets antd's fade-in/fade-out motions (≈0.3 s) finish, so screenshots show the settled page. */
async function settle(page: TestBrowser['page']): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

/** The position of a column in the device table, by its title. */
async function columnIndex(page: TestBrowser['page'], title: string): Promise<number> {
  const titles = (await page.getByTestId('device-table').locator('thead th').allInnerTexts()).map((s) => s.trim());
  const index = titles.indexOf(title);
  expect(index, `column ${title} in ${titles.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return index;
}
