import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BulletinView, CampaignView, FormRow, PositionView, ProgressDetail, ProgressItem, RoundView, StatusCounts } from '../packages/contracts/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { apiSession, confirmDialog, DEMO_PASSWORD, eventually, expectText, login, logout } from './ui.ts';

const baseUrl = inject('baseUrl');
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;

/** Red pixels of a binary PPM (P6) image: the issuing-organ mark and the separator line of an official document. */
function redPixels(ppm: Buffer): number {
  const header = ppm.subarray(0, 64).toString('latin1').split(/\s+/);
  const [magic, w, h, max] = header;
  expect(magic).toBe('P6');
  expect(max).toBe('255');
  // The pixel data starts after the fourth header token and one whitespace byte.
  let offset = 0;
  for (let tokens = 0; tokens < 4; ) {
    while (/\s/.test(String.fromCharCode(ppm[offset]!))) offset++;
    while (!/\s/.test(String.fromCharCode(ppm[offset]!))) offset++;
    tokens++;
  }
  offset++;
  let red = 0;
  for (let i = offset; i + 2 < offset + Number(w) * Number(h) * 3; i += 3) if (ppm[i]! > 180 && ppm[i + 1]! < 90 && ppm[i + 2]! < 90) red++;
  return red;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * The acceptance, end to end in Chromium on the demo: a county agency
 * completes rectification on the evidence of its compliance figures; the
 * prefecture and the province submit their status forms (落实情况表) and the
 * levels above accept them; the national office generates, numbers and
 * publishes the monthly bulletin, whose PDF is rendered and read back; the
 * map of the progress dashboard renders.
 */
describe.skipIf(!hasChromium)('campaign acceptance: county completion → status forms → monthly bulletin', () => {
  let browser: TestBrowser;
  let campaign: CampaignView;
  let county: ProgressItem;
  let round: RoundView;
  const countyAdmin = `e2e_county_${Date.now() % 100000}`;
  const docNumber = `国软正办〔${new Date().getUTCFullYear()}〕${90 + (Date.now() % 9)}号`;

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = await apiSession(baseUrl, 'admin');
    campaign = (await admin.get<{ items: CampaignView[] }>('/api/campaigns')).items.find((c) => c.status === 'active' && c.name.includes('2012年'))!;
    // A county agency under 杭州市 in self-check or rectifying, with computers.
    const agencies = (await admin.get<{ items: ProgressItem[] }>(`/api/campaigns/${campaign.id}/progress?level=county&regionCode=330100&pageSize=100`)).items;
    county = agencies.find((a) => (a.status === 'self-check' || a.status === 'rectifying') && a.devices > 0)!;
    expect(county, 'the demo has a county agency under 杭州市 at work on rectification, with computers').toBeTruthy();
    await admin.post('/api/users', { username: countyAdmin, displayName: '县级整改联络员', password: DEMO_PASSWORD, role: 'org_admin', orgId: county.orgId });
    // The agency buys what it lacks: one site licence for every product with uncovered installs (a purchase recorded, as finance would).
    const gaps = (await admin.get<{ items: PositionView[] }>(`/api/compliance/orgs/${county.orgId}/positions?shortfall=true&pageSize=100`)).items;
    if (gaps.length > 0) {
      await admin.post(`/api/orgs/${county.orgId}/entitlements`, {
        name: '县级正版化集中采购（场地授权）',
        metric: 'site',
        productKeys: gaps.slice(0, 50).map((p) => p.productKey),
        vendor: '某软件经销商',
        orderNo: `E2E-${Date.now()}`,
      });
    }
    // The compliance engine updates the positions in the background: the evidence turns to met.
    await eventually(async () => {
      const d = await admin.get<ProgressDetail>(`/api/campaigns/${campaign.id}/orgs/${county.orgId}`);
      expect(d.evidence.met).toBe(true);
    }, 60_000);
    const rounds = (await admin.get<{ items: RoundView[] }>('/api/status-rounds')).items;
    round = rounds.find((r) => !r.overdue && r.campaignId === campaign.id)!;
    expect(round, 'the demo has an open reporting round').toBeTruthy();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('a county agency declares completion on the evidence of its compliance figures', async () => {
    const { page } = browser;
    await login(page, baseUrl, countyAdmin);
    await page.goto(`${baseUrl}/campaign/campaigns/${campaign.id}`);
    await page.getByTestId('progress-org').filter({ hasText: county.orgName }).click();
    if (county.status === 'self-check') {
      await page.getByTestId('move-rectifying').click();
      await page.locator('#transition_reason').fill('自查发现未授权软件，已完成采购');
      await page.getByTestId('transition-submit').click();
      await expectText(page.getByTestId('progress-drawer').getByTestId('progress-status').first(), '整改中');
    }
    await expectText(page.getByTestId('evidence'), '各类别均达到目标');
    await page.getByTestId('move-completed').click();
    await page.locator('#transition_reason').fill('县级机关自查整改完成，操作系统、办公软件、杀毒软件全部正版');
    await page.getByTestId('transition-submit').click();
    await expectText(page.getByTestId('progress-drawer').getByTestId('progress-status').first(), '已完成');
    await screenshot(page, '80-acceptance-county-completed');
    await page.locator('.ant-drawer-close').click();
    await logout(page);
  });

  it('the prefecture submits its status form, prefilled from live data; the province accepts it, reading the inbox', async () => {
    const { page } = browser;
    const hz = await apiSession(baseUrl, 'hz_admin');
    await login(page, baseUrl, 'hz_admin');
    await page.goto(`${baseUrl}/campaign/status-forms?round=${round.id}`);
    await page.getByTestId('my-form').click();
    await page.getByTestId('status-form').waitFor();
    // Open the form afresh from live data: the county agency's completion counts.
    await page.getByTestId('sf-prefill').click();
    const counts = (await hz.get<{ counts: StatusCounts }>(`/api/campaigns/${campaign.id}/progress?regionCode=330100&pageSize=1`)).counts;
    const inScope = Object.values(counts).reduce((a, b) => a + b, 0);
    await eventually(async () => expect(await page.getByTestId('figure-completed').inputValue()).toBe(String(counts.completed + counts.verified)));
    expect(await page.getByTestId('figure-agenciesInScope').inputValue()).toBe(String(inScope));
    await page.getByTestId('sf-remarks').fill('本月杭州市新增完成整改的县级机关 1 家，其余单位按计划推进。');
    await page.getByTestId('sf-save').click();
    await page.getByTestId('sf-submit').click();
    await page.getByTestId('sf-submit-confirm').click();
    await eventually(async () => {
      const form = (await hz.get<{ items: FormRow[] }>(`/api/status-rounds/${round.id}/forms`)).items.find((f) => f.regionCode === '330100')!;
      expect(form.status).toBe('submitted');
    });
    await screenshot(page, '81-acceptance-prefecture-submitted');
    await logout(page);

    // The province's inbox says so; it opens the form from there and accepts it.
    await login(page, baseUrl, 'zj_admin');
    await eventually(async () => expect(Number(await page.getByTestId('inbox-unread').getAttribute('data-unread', { timeout: 2000 }))).toBeGreaterThan(0));
    await page.getByTestId('inbox-bell').click();
    const message = page.getByTestId('inbox-subject').filter({ hasText: '杭州市已报送' }).first();
    await message.click();
    await page.getByTestId('status-form').waitFor();
    expect(page.url()).toContain(`/campaign/status-forms/${round.id}/330100`);
    await confirmDialog(page, 'sf-accept', 'sf-accept-confirm');
    await page.getByTestId('sf-accepted').waitFor();
    await screenshot(page, '82-acceptance-prefecture-accepted');

    // Then it submits its own province form.
    await page.goto(`${baseUrl}/campaign/status-forms?round=${round.id}`);
    await page.getByTestId('my-form').click();
    await page.getByTestId('status-form').waitFor();
    await page.getByTestId('sf-prefill').click();
    await page.getByTestId('sf-save').click();
    await page.getByTestId('sf-submit').click();
    await page.getByTestId('sf-submit-confirm').click();
    const zj = await apiSession(baseUrl, 'zj_admin');
    await eventually(async () => {
      const form = (await zj.get<{ items: FormRow[] }>(`/api/status-rounds/${round.id}/forms`)).items.find((f) => f.regionCode === '330000')!;
      expect(form.status).toBe('submitted');
    });
    await logout(page);

    // The national office accepts the province's form: a frozen version with its checksum.
    await login(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/campaign/status-forms/${round.id}/330000`);
    await confirmDialog(page, 'sf-accept', 'sf-accept-confirm');
    await expectText(page.getByTestId('sf-accepted'), /[0-9a-f]{64}/);
    await screenshot(page, '83-acceptance-province-accepted');
  });

  it('the national office generates, numbers and publishes the monthly bulletin; the PDF reads back with its figures', async () => {
    const { page } = browser;
    const admin = await apiSession(baseUrl, 'admin');
    // Still signed in as the national admin: generate last month's bulletin (the draft of the 1st opens).
    await page.goto(`${baseUrl}/campaign/bulletins`);
    await page.getByTestId('bulletin-new-monthly').click();
    await page.getByTestId('bulletin-create-form').waitFor();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('bulletin-form').waitFor();
    const id = page.url().split('/').pop()!;
    const draft = await admin.get<BulletinView>(`/api/bulletins/${id}`);
    expect(draft.kind).toBe('monthly');
    expect(draft.regionCode).toBe('000000');
    expect(draft.status).toBe('draft');
    const tables = draft.tables!;
    expect(tables.progress.length).toBeGreaterThan(0);
    // The office edits the text: one more section.
    await page.getByTestId('bulletin-add-section').click();
    const sections = page.getByTestId('bulletin-section');
    const last = sections.last();
    await last.locator('input').first().fill('下一步工作要求');
    await last.locator('textarea').first().fill('各地要对照整改时限，加快推进县级机关软件正版化工作，按时报送落实情况表。');
    await page.getByTestId('bulletin-save').click();
    await page.getByTestId('bulletin-publish').click();
    await page.getByTestId('bulletin-doc-number').fill(docNumber);
    await page.getByTestId('bulletin-publish-confirm').click();
    await eventually(async () => expect((await admin.get<BulletinView>(`/api/bulletins/${id}`)).status).toBe('published'));
    const published = await admin.get<BulletinView>(`/api/bulletins/${id}`);
    expect(published.docNumber).toBe(docNumber);
    expect(published.checksumOk).toBe(true);
    expect(published.sections.at(-1)?.heading).toBe('下一步工作要求');
    await screenshot(page, '84-acceptance-bulletin-published');

    // The PDF, downloaded as a user does, rendered to an image and read as text.
    await page.reload();
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-pdf').click()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-bulletin-'));
    const pdf = path.join(dir, 'bulletin.pdf');
    await pdfDownload.saveAs(pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler) {
      const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }));
      expect(text).toContain(squash(docNumber));
      expect(text).toContain(squash(published.title));
      expect(text).toContain(squash(published.issuingOrgan));
      expect(text).toContain('下一步工作要求');
      for (const s of published.sections) expect(text).toContain(squash(s.text).slice(0, 20));
      // The figures of the snapshot in the body, and the province in the progress table (attachment 1).
      const t = tables.totals;
      expect(text).toContain(`共${t.inScope}家，已完成检查整改${t.completed}家（其中已验收${t.verified}家），完成率${((t.rate ?? 0) * 100).toFixed(1)}%`);
      const zhejiang = tables.progress.find((r) => r.regionCode === '330000')!;
      expect(text).toContain(`${zhejiang.inScope}${zhejiang.completed}${zhejiang.verified}${((zhejiang.rate ?? 0) * 100).toFixed(1)}%`);
      // Page one as an image: the red issuing-organ mark and separator.
      execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
      const ppm = fs.readdirSync(dir).find((f) => f.endsWith('.ppm'))!;
      expect(redPixels(fs.readFileSync(path.join(dir, ppm)))).toBeGreaterThan(300);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join('test-artifacts', 'e2e', '85-acceptance-bulletin-page1')]);
    }
    // The XLSX: the same figures as numbers.
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-xlsx').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsxDownload.path());
    let row: ExcelJS.Row | undefined;
    const progressSheet = book.worksheets.find((w) => w.name.includes('进展'))!;
    expect(progressSheet, `a progress sheet among ${book.worksheets.map((w) => w.name).join(', ')}`).toBeTruthy();
    progressSheet.eachRow((r) => {
      if (r.values && (r.values as unknown[]).includes('浙江省')) row = r;
    });
    expect(row, 'the progress sheet has 浙江省').toBeTruthy();
    const zhejiang = tables.progress.find((r) => r.regionCode === '330000')!;
    expect((row!.values as unknown[]).filter((v) => typeof v === 'number')).toEqual(expect.arrayContaining([zhejiang.inScope, zhejiang.completed]));
    // Published bulletins are listed with the snapshot they came from.
    await page.goto(`${baseUrl}/campaign/bulletins`);
    await expectText(page.locator('.ant-table'), docNumber);
    await expectText(page.locator('.ant-table'), published.snapshotDay!);
  });

  it('the progress dashboard draws the China map', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/campaign/dashboard`);
    const map = page.getByTestId('region-map');
    await eventually(async () => expect(await map.getAttribute('data-rendered')).toBe('true'), 30_000);
    expect(await map.getAttribute('data-map')).toBe('china');
    await screenshot(page, '86-acceptance-dashboard');
    await logout(page);
  });
});
