import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { USCC_ALPHABET, usccCheckChar } from '../packages/contracts/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { eventually, expectText, fieldErrors, login, menuLabels, pickCascader, pickOption } from './ui.ts';

const baseUrl = inject('baseUrl');

/** A valid USCC nobody else has: a fixed prefix, 9 random characters, the check character. */
function freshUscc(): string {
  let body = '11330106';
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[Math.floor(Math.random() * USCC_ALPHABET.length)];
  return body + usccCheckChar(body);
}

/** The same code with a different (wrong) check character. */
function withWrongCheck(uscc: string): string {
  const right = uscc[17]!;
  const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(right) + 1) % USCC_ALPHABET.length]!;
  return uscc.slice(0, 17) + wrong;
}

describe.skipIf(!hasChromium)('national admin in the browser', () => {
  let browser: TestBrowser;
  const orgName = `E2E 测试局 ${Date.now().toString(36)}`;
  const uscc = freshUscc();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in and shows the dashboard with the organization count', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'admin');
    await expectText(page.getByTestId('dashboard-welcome'), '国家版权局管理员');
    await expectText(page.getByTestId('current-user'), '国家管理员');
    expect(await menuLabels(page)).toEqual(['工作台', '行政区划', '单位管理', '资产清查', '软件识别', '授权与合规', '检查整改', '督查', '用户管理', '审计日志', '个人设置']);

    const api = await page.request.get(`${baseUrl}/api/orgs?pageSize=1`);
    const { total } = (await api.json()) as { total: number };
    expect(total).toBeGreaterThan(0);
    const totalCard = page.locator('.ant-statistic').filter({ hasText: '单位总数' });
    await expectText(totalCard, new Intl.NumberFormat('zh-CN').format(total));
    await page.getByTestId('bar-chart').locator('canvas').waitFor();
    await screenshot(page, '01-dashboard');
  });

  it('creates an organization with a valid USCC and finds it in the list', async () => {
    const { page } = browser;
    await page.getByTestId('side-menu').getByText('单位管理').click();
    await page.getByTestId('org-table').locator('.ant-table-row').first().waitFor();
    await page.getByTestId('org-create').click();

    await page.locator('#org_name').fill(orgName);
    await page.locator('#org_uscc').fill(uscc);
    await pickOption(page, 'org_agencyKind', '政府部门');
    await pickOption(page, 'org_level', '县级');
    await pickCascader(page, 'org_regionCode', ['浙江省', '杭州市', '西湖区']);
    await page.locator('#org_staffCount').fill('1234');
    await screenshot(page, '02-org-create-form');
    await page.getByTestId('org-form-submit').click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

    await page.getByPlaceholder('单位名称或统一社会信用代码').fill(uscc);
    await page.getByPlaceholder('单位名称或统一社会信用代码').press('Enter');
    const row = page.getByTestId('org-table').locator('.ant-table-row').filter({ hasText: uscc });
    await expectText(row, orgName);
    await expectText(row, '西湖区');
    await expectText(row, '1,234');
    await screenshot(page, '03-org-in-list');
  });

  it('shows the check-character error for a wrong USCC before sending it', async () => {
    const { page } = browser;
    await page.getByTestId('org-create').click();
    await page.locator('#org_uscc').fill(withWrongCheck(uscc));
    await page.locator('#org_name').click(); // blur: the USCC is checked on blur
    await expectText(fieldErrors(page, 'org_uscc'), '校验位');
    await screenshot(page, '04-org-invalid-uscc');
  });

  it('shows the server field error when the USCC is already taken', async () => {
    const { page } = browser;
    // The drawer from the previous step is still open.
    await page.locator('#org_name').fill(`${orgName} 副本`);
    await page.locator('#org_uscc').fill(uscc);
    await pickOption(page, 'org_agencyKind', '政府部门');
    await pickOption(page, 'org_level', '县级');
    await pickCascader(page, 'org_regionCode', ['浙江省', '杭州市']);
    await page.getByTestId('org-form-submit').click();
    await expectText(fieldErrors(page, 'org_uscc'), '已被其他单位使用');
    await screenshot(page, '05-org-uscc-taken');
    await page.locator('.ant-drawer').getByRole('button', { name: /取\s*消/ }).click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
  });

  it('imports a CSV: all-or-nothing rejects a bad row, valid rows only imports the good one', async () => {
    const { page } = browser;
    const good = freshUscc();
    const csv = [
      '单位名称,统一社会信用代码,单位类型,机关类别,企业性质,所属行业,行政级别,行政区划代码,上级单位统一社会信用代码,人员数量',
      `E2E 导入局 ${good},${good},政府机关,政府部门,,,地市级,330100,,88`,
      `E2E 坏行,${withWrongCheck(freshUscc())},政府机关,政府部门,,,地市级,330100,,5`,
    ].join('\n');
    const file = { name: 'orgs.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\n`, 'utf8') };

    await page.goto(`${baseUrl}/orgs`);
    await page.getByTestId('org-import').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '导入单位' });
    await modal.locator('input[type=file]').setInputFiles(file);
    await modal.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByTestId('import-result');
    await expectText(result, '未导入任何数据');
    await expectText(result.locator('.ant-table-row').first(), '校验位');
    await screenshot(page, '06-import-rejected');

    await page.getByTestId('import-valid-only').click();
    await modal.getByRole('button', { name: '开始导入' }).click();
    await expectText(result, '导入完成');
    const created = result.locator('.ant-statistic').filter({ hasText: '新增' });
    await expectText(created, '1');
    await screenshot(page, '07-import-valid-rows');
    await modal.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();

    await page.getByPlaceholder('单位名称或统一社会信用代码').fill(good);
    await page.getByPlaceholder('单位名称或统一社会信用代码').press('Enter');
    await expectText(page.getByTestId('org-table').locator('.ant-table-row').first(), `E2E 导入局 ${good}`);
  });

  it('browses the region tree lazily and finds 西湖区 by search', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/regions`);
    const tree = page.getByTestId('region-tree');
    const zhejiang = tree.locator('.ant-tree-treenode').filter({ has: page.locator('.ant-tree-title', { hasText: /^浙江省$/ }) });
    await zhejiang.locator('.ant-tree-switcher').click();
    await tree.locator('.ant-tree-title', { hasText: /^杭州市$/ }).waitFor();

    await page.getByPlaceholder('输入名称或代码搜索，如：西湖').fill('西湖');
    await page.getByPlaceholder('输入名称或代码搜索，如：西湖').press('Enter');
    const xihu = tree.locator('.ant-tree-title').filter({ hasText: /^西湖区$/ });
    await eventually(async () => expect(await xihu.count()).toBeGreaterThanOrEqual(1));
    await xihu.first().click();
    await expectText(page.getByTestId('region-code'), '330106');
    await expectText(page.getByTestId('region-detail'), '浙江省 / 杭州市 / 西湖区');
    await screenshot(page, '08-region-search');

    await page.getByTestId('region-view-orgs').click();
    await eventually(async () => expect(page.url()).toContain('regionCode=330106'));
    await expectText(page.getByTestId('org-table'), orgName);
    await screenshot(page, '09-orgs-of-region');
  });

  it('sorts the organization list on the server across pages, with the sort in the URL and the export', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/orgs`);
    const table = page.getByTestId('org-table');
    await table.locator('.ant-table-row').first().waitFor();
    const header = table.locator('th').filter({ hasText: '人员数量' });
    await header.click();
    await eventually(async () => expect(page.url()).toContain('sort=staffCount'));
    // The arrow follows the URL; the next click reverses it.
    await eventually(async () => expect(await header.getAttribute('aria-sort')).toBe('ascending'));
    await header.click();
    await eventually(async () => expect(page.url()).toContain('order=desc'));
    await eventually(async () => expect(await header.getAttribute('aria-sort')).toBe('descending'));
    // The first row is the largest of the whole list, not of the page that was shown.
    const top = (await (await page.request.get(`${baseUrl}/api/orgs?sort=staffCount&order=desc&pageSize=1`)).json()) as { items: { name: string }[] };
    await expectText(table.locator('.ant-table-row').first(), top.items[0]!.name);
    await screenshot(page, '09a-orgs-by-staff');
    const exported = page.waitForRequest((r) => r.url().includes('/api/orgs/export.xlsx'));
    await page.getByTestId('org-export').click();
    expect((await exported).url()).toContain('sort=staffCount&order=desc');
  });

  it('switches every label to English and back', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/orgs`);
    await page.getByTestId('lang-switch').getByText('English').click();
    await eventually(async () => expect(await menuLabels(page)).toEqual(['Dashboard', 'Regions', 'Organizations', 'Inventory', 'Recognition', 'Licences & compliance', 'Rectification campaign', 'Inspections', 'Users', 'Audit trail', 'Settings']));
    await expectText(page.getByTestId('logout'), 'Sign out');
    await expectText(page.getByTestId('current-user'), 'National admin');
    await expectText(page.locator('.ant-card-head-title').first(), 'Organizations');
    await screenshot(page, '10-english');
    // The choice survives a reload (localStorage zb.lang), and the server answers in it too.
    await page.goto(`${baseUrl}/orgs/no-such-org`);
    await eventually(async () => expect(await menuLabels(page)).toContain('Organizations'));
    await expectText(page.locator('.ant-result'), 'Not found');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await eventually(async () => expect(await menuLabels(page)).toContain('单位管理'));
  });

  it('shows the creation in the audit trail and verifies the hash chain', async () => {
    const { page } = browser;
    const found = (await (await page.request.get(`${baseUrl}/api/orgs?q=${encodeURIComponent(uscc)}`)).json()) as { items: { id: string }[] };
    const orgId = found.items[0]?.id;
    expect(orgId).toBeTruthy();

    await page.goto(`${baseUrl}/audit`);
    const row = page.getByTestId('audit-table').locator('.ant-table-row').filter({ hasText: orgId! });
    await expectText(row.first(), '新建');
    await row.first().locator('.ant-table-row-expand-icon').click();
    await expectText(page.getByTestId('audit-table'), uscc);

    await page.getByTestId('audit-verify').click();
    await expectText(page.getByTestId('audit-verify-result'), '哈希链完整');
    await screenshot(page, '11-audit-verified');
  });
});
