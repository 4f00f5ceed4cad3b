import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { expectText, login, logout, menuLabels } from './ui.ts';

const baseUrl = inject('baseUrl');

describe.skipIf(!hasChromium)('what each role sees', () => {
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong password with the server message', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);
    await page.locator('#login_username').fill('admin');
    await page.locator('#login_password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), '用户名或密码错误');
    await screenshot(page, '12-login-failed');
  });

  it('sends a visitor without a session to the login page', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/orgs`);
    await page.locator('#login_username').waitFor();
    expect(page.url()).toContain('/login?next=%2Forgs');
  });

  it('gives an organization admin the users menu but not the audit trail', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'org_admin');
    const labels = await menuLabels(page);
    expect(labels).toContain('用户管理');
    expect(labels).toContain('资产清查');
    expect(labels).not.toContain('审计日志');
    await expectText(page.getByTestId('current-user'), '单位管理员');
    await screenshot(page, '13-org-admin-dashboard');

    await page.goto(`${baseUrl}/audit`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await logout(page);
  });

  it('gives an auditor the audit trail but not the users menu', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'auditor');
    const labels = await menuLabels(page);
    expect(labels).toContain('审计日志');
    expect(labels).not.toContain('用户管理');
    await page.goto(`${baseUrl}/users`);
    await expectText(page.locator('.ant-result'), '无权访问');
    await screenshot(page, '14-auditor-forbidden-users');
    await logout(page);
  });

  it('gives an inspector neither', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'inspector');
    const labels = await menuLabels(page);
    expect(labels).not.toContain('用户管理');
    expect(labels).not.toContain('审计日志');
    expect(labels).not.toContain('资产清查');
    expect(labels).toContain('单位管理');
  });

  it('returns to the login page when the session is gone', async () => {
    const { page, context } = browser;
    await page.goto(`${baseUrl}/orgs`);
    await page.getByTestId('org-table').waitFor();
    await context.clearCookies();
    await page.getByRole('button', { name: '刷新' }).click();
    await page.locator('#login_username').waitFor();
    expect(page.url()).toContain('/login');
  });
});
