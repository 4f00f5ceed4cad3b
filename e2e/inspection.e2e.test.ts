import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PlanView, SampleView, SampledOrg } from '../packages/contracts/index.ts';
import { generateSigningKey, publicKeyFileText } from '../packages/core/scan/keys.ts';
import { buildResultFile, serializeResultFile, signResultFile } from '../packages/core/scan/result-file.ts';
import { buildInventory, buildSoftware } from '../test/inventory-builders.ts';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { apiSession, expectText, login, logout } from './ui.ts';

const baseUrl = inject('baseUrl');

/** pdftotext, when installed (poppler-utils); without it the report's text is not checked. */
const HAS_PDFTOTEXT = spawnSync('which', ['pdftotext']).status === 0;

/**
 * A `zb scan --out` result file of one Windows computer, signed by `key`:
 * Acrobat Pro, which no demo agency is licensed for (a finding wherever it
 * is scanned), Office (licensed or not, depending on the agency's volume
 * licence) and 7-Zip (free: not evaluated).
 */
function resultFile(key: ReturnType<typeof generateSigningKey>, hostname: string): string {
  const software = [
    buildSoftware('Adobe Acrobat Pro DC', '21.001.20145', { source: 'windows', publisher: 'Adobe Systems Incorporated', arch: 'x64' }),
    buildSoftware('Microsoft Office Professional Plus 2019', '16.0.10827.20181', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' }),
    buildSoftware('7-Zip 19.00 (x64)', '19.00', { source: 'windows', publisher: 'Igor Pavlov', arch: 'x64' }),
  ];
  const collectedAt = new Date().toISOString();
  const inventory = { ...buildInventory({ hostname, serial: `E2E-${hostname}`, osName: 'Microsoft Windows 10 Pro' }, software), format: 'zb-scan' as const, agent: 'zb-scan/0.1.0', collectedAt };
  return serializeResultFile(signResultFile(buildResultFile({ platform: 'win32', collectors: ['registry'], warnings: [], inventory }), key));
}

describe.skipIf(!hasChromium)('supervision inspections (督查): signed scans from registered keys', () => {
  let browser: TestBrowser;
  let plan: PlanView;
  let org: SampledOrg;
  const run = Date.now() % 100000;
  const key = generateSigningKey(`e2e-laptop-${run}`);
  const stray = generateSigningKey(`e2e-stray-${run}`);
  // No hyphen: the report's table may wrap a line after one.
  const hostname = `e2einsp${run}`;
  const signed = resultFile(key, hostname);
  const altered = signed.replace('16.0.10827.20181', '16.0.10827.99999');
  const unregistered = resultFile(stray, `${hostname}-b`);

  beforeAll(async () => {
    browser = await launchBrowser();
    // The scene: the demo's on-site plan of Zhejiang and its last sampled agency.
    const { get } = await apiSession(baseUrl, 'admin');
    plan = (await get<{ items: PlanView[] }>('/api/inspections?type=on-site')).items.find((p) => p.title.includes('实地督查（浙江省）'))!;
    expect(plan, 'the demo has an on-site plan of Zhejiang').toBeTruthy();
    const sample = await get<SampleView>(`/api/inspections/${plan.id}/sample`);
    org = sample.orgs[sample.orgs.length - 1]!;
    expect(org, 'the demo plan is sampled').toBeTruthy();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the inspector registers a key, uploads a file it signed and sees the evaluation and the finding; altered or unregistered files are refused', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'inspector');

    // 1. 个人设置 → 签名密钥: paste the .pub text zb keys create printed.
    await page.goto(`${baseUrl}/settings`);
    await page.getByTestId('signing-key-register').click();
    await page.locator('#signingKey_publicKey').fill('not a key');
    await page.getByTestId('signing-key-submit').click();
    await expectText(page.locator('.ant-form-item').filter({ has: page.locator('#signingKey_publicKey') }).locator('.ant-form-item-explain-error'), '.pub');
    await page.locator('#signingKey_publicKey').fill(publicKeyFileText(key));
    await page.locator('#signingKey_name').fill('督查组笔记本（端到端测试）');
    await page.getByTestId('signing-key-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    const keyRow = page.getByTestId('signing-keys-table').locator('tr').filter({ hasText: key.keyId });
    await expectText(keyRow, '督查组笔记本（端到端测试）');
    await expectText(keyRow, '有效');
    await keyRow.scrollIntoViewIfNeeded();
    await screenshot(page, '70-signing-keys');

    // 2. 我的督查 → the demo plan → the sampled agency: upload the signed file.
    await page.goto(`${baseUrl}/inspection/mine`);
    await page.getByTestId('plan-link').filter({ hasText: plan.title }).click();
    await expectText(page.getByTestId('plan-title'), plan.title);
    const row = page.getByTestId('sample-table').locator('tr').filter({ hasText: org.uscc });
    const upload = async (name: string, text: string) => row.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await upload(`${hostname}.zbscan.json`, signed);
    await expectText(page.locator('.ant-message'), '已校验签名并完成现场核查');
    await expectText(page.locator('.ant-message'), /记录问题 [12] 项/);

    // The evaluation of the computer, signed by the inspector's registered key.
    await row.getByTestId('scan-count').click();
    const scan = page.getByTestId('scan-result').filter({ hasText: hostname });
    await expectText(scan, 'Microsoft Office Professional Plus 2019');
    await expectText(scan.locator('tr').filter({ hasText: 'Adobe Acrobat Pro DC' }), '未授权');
    await expectText(scan, key.keyId);
    await expectText(scan.getByTestId('scan-signer'), '密钥登记人：督查组成员');
    await screenshot(page, '71-inspection-scan');
    await page.locator('.ant-drawer-close').click();

    // 3. An altered copy: refused, saying why.
    await upload('altered.zbscan.json', altered);
    await expectText(page.getByTestId('scan-error'), '签名后被修改');
    // A file signed by a key nobody registered: refused, naming the key.
    await upload('stray.zbscan.json', unregistered);
    await expectText(page.getByTestId('scan-error'), `签名密钥未登记：文件由密钥 ${stray.keyId}`);
    await screenshot(page, '72-inspection-unregistered-key');

    // 4. The new finding, with its fix deadline.
    await page.getByRole('tab', { name: '发现问题与整改' }).click();
    await expectText(page.getByTestId('finding-table'), `计算机 ${hostname} 安装的 Adobe Acrobat Pro DC`);
    await logout(page);
  });

  it('the national office sees the inspector\'s registered key and downloads the inspection report with the new finding', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'admin');
    // 用户管理 → the inspector → 签名密钥: the key registered above, still active.
    await page.goto(`${baseUrl}/users`);
    await page.getByPlaceholder('用户名或姓名').fill('inspector');
    await page.getByPlaceholder('用户名或姓名').press('Enter');
    await page.locator('tr').filter({ hasText: '督查组成员' }).getByTestId('user-signing-keys').click();
    await expectText(page.locator('.ant-drawer').getByTestId('signing-keys-table').locator('tr').filter({ hasText: key.keyId }), '有效');
    await page.locator('.ant-drawer-close').click();
    await page.goto(`${baseUrl}/inspection/plans/${plan.id}`);
    await expectText(page.getByTestId('plan-title'), plan.title);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-report').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (HAS_PDFTOTEXT) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-e2e-inspection-'));
      try {
        fs.writeFileSync(path.join(dir, 'report.pdf'), pdf);
        const text = spawnSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
        for (const t of ['督查报告', plan.title, org.orgName, hostname, 'Adobe Acrobat']) expect(text, t).toContain(t);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    await logout(page);
  });
});
