import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { postOcsInventory } from './ocs-agent.ts';
import { eventually, expectText, fieldErrors, login, logout, menuLabels, pickOption, submenuLabels } from './ui.ts';

const baseUrl = inject('baseUrl');

/** The organization whose computer reports in this file (the inventory tests use 浙江省财政厅). */
const ORG_NAME = '浙江省审计厅';
/** A name no shipped rule knows: the review queue's example. */
const UNKNOWN = 'Zhejiang Internal Tool 2.1';
const UNKNOWN_PRODUCT = 'Zhejiang Internal Tool';

type Page = TestBrowser['page'];

describe.skipIf(!hasChromium)('recognition (软件识别): catalogue, review queue, rules, batch', () => {
  let browser: TestBrowser;
  const stamp = Date.now().toString(36);
  const hostname = `ZJSJ-PC-${stamp}`.toUpperCase();
  let ruleId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('receives an inventory through agent credentials made with the API, and shows the recognition menu', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'admin');
    expect(await submenuLabels(page, '软件识别')).toEqual(['软件目录', '待识别软件', '识别规则', '批量识别']);

    // Credentials through the API (the inventory tests cover the page), with the session's CSRF token.
    const me = (await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
    const orgs = (await (await page.request.get(`${baseUrl}/api/orgs?q=${encodeURIComponent(ORG_NAME)}`)).json()) as { items: { id: string; name: string }[] };
    const org = orgs.items.find((o) => o.name === ORG_NAME);
    expect(org, `demo organization ${ORG_NAME}`).toBeTruthy();
    const created = await page.request.post(`${baseUrl}/api/orgs/${org!.id}/agent-credentials`, { data: { label: 'recognition e2e' }, headers: { 'x-csrf-token': me.csrfToken } });
    expect(created.status(), await created.text()).toBe(201);
    const credentials = (await created.json()) as { username: string; password: string };

    const reply = await postOcsInventory(
      baseUrl,
      {
        hostname,
        serial: `SJ${stamp}`.toUpperCase(),
        software: [
          { name: 'Microsoft Office Professional Plus 2016', version: '16.0.4266.1001', publisher: 'Microsoft Corporation' },
          { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' },
          { name: 'WPS Office (11.1.0.11365)', version: '11.1.0.11365', publisher: 'Kingsoft Corp.' },
          { name: UNKNOWN, version: '2.1', publisher: '浙江省审计厅信息中心' },
        ],
      },
      credentials,
    );
    expect(reply, `POST /ocsinventory answered ${reply.status}: ${reply.body}`).toMatchObject({ status: 200 });
  });

  it('lists Microsoft Office in the catalogue as commercial software with its devices and organizations', async () => {
    const { page } = browser;
    await page.getByTestId('side-menu').getByText('软件目录', { exact: true }).click();
    const table = page.getByTestId('catalogue-table');
    await page.getByTestId('catalogue-search').locator('input').fill('Microsoft Office');
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
    const office = table.locator('.ant-table-row').filter({ has: page.getByTestId('catalogue-product').getByText('Microsoft Office', { exact: true }) });
    await expectText(office, '商业软件');
    expect(await office.locator('.ant-tag').filter({ hasText: '商业软件' }).getAttribute('class')).toContain('red');
    await expectText(office, 'Professional Plus');
    const devices = Number((await office.locator('td').nth(await columnIndex(table, '计算机数')).innerText()).replace(/,/g, ''));
    expect(devices).toBeGreaterThanOrEqual(1);

    // Filters travel in the URL: commercial software only leaves 7-Zip out.
    await page.goto(`${baseUrl}/recognition/catalogue?licenceClass=open-source`);
    await expectText(table, '7-Zip');
    expect(await table.innerText()).not.toContain('Microsoft Office');
    await expectText(table.locator('.ant-tag').filter({ hasText: '开源软件' }).first(), '开源软件');
    await page.goto(`${baseUrl}/recognition/catalogue?q=${encodeURIComponent('WPS')}`);
    await expectText(table.locator('.ant-table-row').first(), '国产');

    await page.goto(`${baseUrl}/recognition/catalogue?q=${encodeURIComponent('Microsoft Office')}`);
    await settle(page);
    await screenshot(page, 'recognition-01-catalogue');
    await table.getByTestId('catalogue-product').getByText('Microsoft Office', { exact: true }).click();
    const drawer = page.locator('.ant-drawer-section').filter({ hasText: 'Microsoft Office' });
    await expectText(drawer.getByTestId('product-variants'), 'Professional Plus');
    await expectText(drawer.getByTestId('product-variants'), '16.0');
    // The demo profile's computers have Office too: the organizations are paged, most computers first.
    await expectText(drawer.getByTestId('product-orgs'), '计算机数');
    // The rows arrive after the header (their own request): wait for the first.
    await drawer.getByTestId('product-orgs').locator('.ant-table-row').first().waitFor();
    const orgs = (await (await page.request.get(`${baseUrl}/api/catalogue/product-orgs?productKey=microsoft/office&pageSize=500`)).json()) as { items: { orgName: string }[] };
    expect(orgs.items.map((o) => o.orgName)).toContain(ORG_NAME);
    await settle(page);
    await screenshot(page, 'recognition-02-product');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
  });

  it('shows the unknown name in the review queue, most devices first', async () => {
    const { page } = browser;
    await page.getByTestId('side-menu').getByText('待识别软件', { exact: true }).click();
    const table = page.getByTestId('review-table');
    await table.locator('.ant-table-row').first().waitFor();
    await page.getByTestId('review-search').locator('input').fill('Zhejiang Internal');
    await page.getByTestId('review-search').locator('input').press('Enter');
    const row = table.locator('.ant-table-row').filter({ hasText: UNKNOWN });
    await expectText(row, '浙江省审计厅信息中心');
    await expectText(row, '2.1');
    await expectText(row, '未知');
    await expectText(row, '0%');
    await settle(page);
    await screenshot(page, 'recognition-03-review');
  });

  it('creates a rule from the example: preview shows one match before saving, and the name leaves the queue', async () => {
    const { page } = browser;
    const row = page.getByTestId('review-table').locator('.ant-table-row').filter({ hasText: UNKNOWN });
    await row.getByTestId('review-create-rule').click();
    const drawer = page.locator('.ant-drawer-section').filter({ hasText: '新建规则' });
    await expectText(drawer, `示例：${UNKNOWN}`);
    expect(await page.locator('#rule_product').inputValue()).toBe(UNKNOWN_PRODUCT);
    expect(await page.locator('#rule_publisher').inputValue()).toBe('浙江省审计厅信息中心');
    const pattern = await page.locator('#rule_match_0').inputValue();
    expect(pattern.startsWith('^zhejiang internal tool')).toBe(true);
    expect(pattern).not.toContain('2.1');

    // Category and licence class are the reviewer's call; the form asks for them.
    await page.getByTestId('rule-preview-button').click();
    await expectText(fieldErrors(page, 'rule_category'), '请选择');
    await pickOption(page, 'rule_category', '工具软件');
    await pickOption(page, 'rule_licence', '免费软件');
    // An invalid pattern is caught before it reaches the server.
    await page.locator('#rule_match_0').fill('(zhejiang');
    await expectText(fieldErrors(page, 'rule_match_0'), '不是有效的正则表达式');
    await page.locator('#rule_match_0').fill(pattern);

    await page.getByTestId('rule-preview-button').click();
    await expectText(page.getByTestId('rule-preview-summary'), '将匹配 1 个已采集软件条目');
    await expectText(page.getByTestId('rule-preview-summary'), '涉及 1 台计算机');
    const match = page.getByTestId('rule-preview-table').locator('.ant-table-row').filter({ hasText: UNKNOWN });
    await expectText(match, '未识别');
    await expectText(match, UNKNOWN_PRODUCT);
    await expectText(match, '免费软件');
    await settle(page);
    await screenshot(page, 'recognition-04-rule-preview');

    await page.getByTestId('rule-save').click();
    await expectText(page.locator('.ant-message'), '已保存');
    await drawer.waitFor({ state: 'hidden' });
    const rules = (await (await page.request.get(`${baseUrl}/api/recognition/rules?origin=local&q=${encodeURIComponent(UNKNOWN_PRODUCT)}`)).json()) as { items: { rule: { id: string } }[] };
    ruleId = rules.items[0]?.rule.id ?? '';
    expect(ruleId).toMatch(/^local\./);

    // The server re-recognises the stored titles when a rule is saved; "re-run" is the fallback.
    const table = page.getByTestId('review-table');
    const gone = async () => expect(await table.innerText()).not.toContain(UNKNOWN);
    try {
      await eventually(async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        await gone();
      }, 5000);
    } catch {
      await rerun(page);
      await eventually(gone);
    }
    await expectText(table, '没有匹配的待识别软件');

    await page.goto(`${baseUrl}/recognition/catalogue?q=${encodeURIComponent('Zhejiang')}`);
    const product = page.getByTestId('catalogue-table').locator('.ant-table-row').filter({ hasText: UNKNOWN_PRODUCT });
    await expectText(product, '免费软件');
    await expectText(product, '工具软件');
  });

  it('lists local and shipped rules; shows server errors on the fields; imports, toggles, exports and re-runs', async () => {
    const { page } = browser;
    await page.getByTestId('side-menu').getByText('识别规则', { exact: true }).click();
    const local = page.getByTestId('local-rules-table');
    const mine = local.locator('.ant-table-row').filter({ hasText: ruleId });
    await expectText(mine, UNKNOWN_PRODUCT);
    await expectText(mine, '国家版权局管理员');

    // Editing keeps the id; the saved note is there when it opens again.
    await mine.getByTestId('rule-edit').click();
    const editor = page.locator('.ant-drawer-section').filter({ hasText: '编辑规则' });
    await editor.waitFor();
    expect(await page.locator('#rule_id').inputValue()).toBe(ruleId);
    expect(await page.locator('#rule_id').isDisabled()).toBe(true);
    expect(await page.locator('#rule_product').inputValue()).toBe(UNKNOWN_PRODUCT);
    await page.locator('#rule_note').fill('浙江省审计厅自行开发，免费使用');
    await page.getByTestId('rule-save').click();
    await expectText(page.locator('.ant-message'), `规则 ${ruleId} 已保存`);
    await editor.waitFor({ state: 'hidden' });
    const saved = (await (await page.request.get(`${baseUrl}/api/recognition/rules/${ruleId}`)).json()) as { rule: { note?: string; licence: string; requiresLicence?: boolean } };
    expect(saved.rule).toMatchObject({ note: '浙江省审计厅自行开发，免费使用', licence: 'freeware' });
    expect(saved.rule.requiresLicence).toBeUndefined();

    // The same id again: the server refuses it, and says so on the id field.
    await page.getByTestId('rule-create').click();
    await page.locator('#rule_id').fill(ruleId);
    await page.locator('#rule_publisher').fill('浙江省审计厅');
    await page.locator('#rule_product').fill('Duplicate');
    await pickOption(page, 'rule_category', '工具软件');
    await pickOption(page, 'rule_licence', '免费软件');
    await page.locator('#rule_match_0').fill('^duplicate$');
    await page.getByTestId('rule-save').click();
    await expectText(fieldErrors(page, 'rule_id'), '该规则 ID 已被使用');
    await page.locator('.ant-drawer-footer').getByRole('button', { name: /取\s*消/ }).click();
    await page.locator('.ant-drawer-section').waitFor({ state: 'hidden' });

    // A province's shared rule file.
    const yaml = ['rules:', '  - id: e2e.shared-tool', '    publisher: 杭州市数据资源管理局', '    product: 杭州共享工具', '    category: utility', '    licence: freeware', '    domestic: true', "    match: ['^杭州共享工具']", ''].join('\n');
    await page.getByTestId('rule-import').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '导入识别规则' });
    await modal.getByTestId('rule-import-upload').locator('input[type=file]').setInputFiles({ name: 'shared-rules.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml, 'utf8') });
    await expectText(modal, 'shared-rules.yaml');
    await modal.getByRole('button', { name: '开始导入' }).click();
    const result = modal.getByTestId('rule-import-result');
    await expectText(result, '导入完成');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '新增' }), '1');
    await settle(page);
    await screenshot(page, 'recognition-05-import');
    await modal.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await modal.waitFor({ state: 'hidden' });

    const shared = local.locator('.ant-table-row').filter({ hasText: 'e2e.shared-tool' });
    await expectText(shared, '杭州共享工具');
    await expectText(shared, '国产');
    await shared.getByTestId('rule-enabled').click();
    await expectText(page.locator('.ant-message'), '已停用规则 e2e.shared-tool');
    await eventually(async () => expect(await shared.getByTestId('rule-enabled').getAttribute('aria-checked')).toBe('false'));
    await settle(page);
    await screenshot(page, 'recognition-06-rules');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByTestId('rule-export').hover();
        await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByText('YAML 文件（.yaml）').click();
      })(),
    ]);
    expect(download.suggestedFilename()).toBe('recognition-rules.yaml');
    const exported = fs.readFileSync(await download.path(), 'utf8');
    expect(exported).toContain(ruleId);
    expect(exported).toContain('e2e.shared-tool');

    await shared.getByTestId('rule-delete').click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: /删\s*除/ }).click();
    await eventually(async () => expect(await local.innerText()).not.toContain('e2e.shared-tool'));

    await rerun(page);

    await page.getByTestId('rule-tabs').getByRole('tab', { name: '内置规则库' }).click();
    await page.getByTestId('shipped-rules-search').locator('input').fill('AutoCAD');
    await page.getByTestId('shipped-rules-search').locator('input').press('Enter');
    const shipped = page.getByTestId('shipped-rules-table');
    await expectText(shipped, 'AutoCAD');
    await expectText(shipped, '商业软件');
    await expectText(shipped, 'autodesk.yaml');
  });

  it('recognises pasted names in a batch and downloads the results as CSV', async () => {
    const { page } = browser;
    await page.getByTestId('side-menu').getByText('批量识别', { exact: true }).click();
    await page.getByTestId('batch-input').fill('Microsoft Office Professional Plus 2016\n7-Zip 23.01 (x64)\n');
    await expectText(page.getByTestId('batch-count'), '共 2 行');
    await page.getByTestId('batch-run').click();
    const result = page.getByTestId('batch-result');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '行数' }), '2');
    await expectText(result.locator('.ant-statistic').filter({ hasText: '已识别' }), '2');
    const rows = page.getByTestId('batch-table').locator('.ant-table-row');
    await expectText(rows.filter({ hasText: 'Microsoft Office Professional Plus 2016' }), '商业软件');
    await expectText(rows.filter({ hasText: 'Microsoft Office Professional Plus 2016' }), 'Professional Plus');
    await expectText(rows.filter({ hasText: '7-Zip' }), '开源软件');
    await settle(page);
    await screenshot(page, 'recognition-07-batch');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download').click()]);
    expect(download.suggestedFilename()).toBe('recognition-result.csv');
    const lines = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('display_name,publisher,version,publisher_norm,product,edition,version_norm,product_key,category,licence_class,requires_licence,domestic,rule_id,confidence');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('microsoft/office');
    expect(lines[1]).toContain(',commercial,true,');
  });

  it('shows the recognition pages in English', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/recognition/catalogue?q=${encodeURIComponent('Microsoft Office')}`);
    await page.getByTestId('lang-switch').getByText('English').click();
    await eventually(async () => expect(await menuLabels(page)).toContain('Recognition'));
    expect(await submenuLabels(page, 'Recognition')).toEqual(['Catalogue', 'Review queue', 'Rules', 'Batch recognition']);
    const table = page.getByTestId('catalogue-table');
    await expectText(table.locator('thead'), 'Licence class');
    await expectText(table.locator('.ant-table-row').first(), 'Commercial');
    await expectText(table.locator('.ant-table-row').first(), 'Office suite');
    await settle(page);
    await screenshot(page, 'recognition-08-english');
    await page.goto(`${baseUrl}/recognition/rules`);
    await expectText(page.getByTestId('rule-tabs'), 'Shipped library');
    await expectText(page.getByTestId('rule-create'), 'New rule');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await eventually(async () => expect(await menuLabels(page)).toContain('软件识别'));
    await logout(page);
  });

  it('keeps rule changes to the national and region offices; an inspector sees the rules but no installed software', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'org_admin');
    expect(await submenuLabels(page, '软件识别')).toEqual(['软件目录', '待识别软件', '识别规则', '批量识别']);
    await page.goto(`${baseUrl}/recognition/review`);
    await page.getByTestId('review-table').waitFor();
    await expectText(page.locator('.ant-card-head'), '待识别软件');
    expect(await page.getByTestId('review-create-rule').count()).toBe(0);
    expect(await page.getByTestId('recognition-rerun').count()).toBe(0);
    await page.goto(`${baseUrl}/recognition/rules`);
    await expectText(page.getByTestId('local-rules-table'), ruleId);
    expect(await page.getByTestId('rule-create').count()).toBe(0);
    expect(await page.getByTestId('rule-import').count()).toBe(0);
    expect(await page.getByTestId('rule-edit').count()).toBe(0);
    await page.getByTestId('rule-export').waitFor();
    await logout(page);

    await login(page, baseUrl, 'inspector');
    expect(await submenuLabels(page, '软件识别')).toEqual(['识别规则', '批量识别']);
    await page.goto(`${baseUrl}/recognition/catalogue`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await page.goto(`${baseUrl}/recognition/review`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await page.goto(`${baseUrl}/recognition`);
    await eventually(async () => expect(page.url()).toContain('/recognition/rules'));
    await logout(page);
  });
});

/** Clicks "重新识别" and confirms; waits for the figures. */
async function rerun(page: Page): Promise<void> {
  await page.getByTestId('recognition-rerun').click();
  await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: '重新识别' }).click();
  await expectText(page.locator('.ant-message'), '已重新识别');
}

/** Lets antd's fade-in/fade-out motions (≈0.3 s) finish, so screenshots show the settled page. */
async function settle(page: Page): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

/** The position of a column in a table, by its title. */
async function columnIndex(table: ReturnType<Page['getByTestId']>, title: string): Promise<number> {
  const titles = (await table.locator('thead th').allInnerTexts()).map((s) => s.trim());
  const index = titles.indexOf(title);
  expect(index, `column ${title} in ${titles.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return index;
}
