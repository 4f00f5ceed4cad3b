import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CampaignDashboard, CampaignView } from '../packages/contracts/index.ts';
import { launchBrowser, screenshot } from './browser.ts';
import type { TestBrowser } from './browser.ts';
import { hasChromium } from './chromium-path.ts';
import { apiSession, eventually, expectText, login } from './ui.ts';

const baseUrl = inject('baseUrl');

/** A rate as the page shows it (one decimal, rounded down). */
const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.floor(v * 1000) / 1000));

describe.skipIf(!hasChromium)('the campaign dashboard (检查整改看板)', () => {
  let browser: TestBrowser;
  let campaign: CampaignView;
  let national: CampaignDashboard;

  beforeAll(async () => {
    browser = await launchBrowser();
    const { get } = await apiSession(baseUrl, 'admin');
    const items = (await get<{ items: CampaignView[] }>('/api/campaigns')).items;
    campaign = items.find((c) => c.status === 'active')!;
    national = await get<CampaignDashboard>(`/api/campaigns/${campaign.id}/dashboard`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the national admin sees the China map coloured by progress, the table matches the API, the workbook downloads', async () => {
    const { page } = browser;
    await login(page, baseUrl, 'admin');
    await page.getByTestId('side-menu').getByText('检查整改').click();
    await page.getByTestId('side-menu').getByText('整改看板').click();
    await page.waitForURL(/\/campaign\/dashboard/);
    await expectText(page.getByTestId('dashboard-campaign'), campaign.name);

    // The map: ECharts drew the China map with its 34 provincial-level features, the provinces with agencies coloured.
    const map = page.getByTestId('region-map');
    await eventually(async () => expect(await map.getAttribute('data-rendered')).toBe('true'));
    expect(await map.getAttribute('data-map')).toBe('china');
    expect(await map.getAttribute('data-features')).toBe('34');
    expect(Number(await map.getAttribute('data-coloured'))).toBe(national.regions.length);
    const painted = await map.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(10_000);
    await expect.poll(() => page.getByTestId('level-chart').locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, '70-campaign-dashboard-map');

    // The same figures as a table: the province row against the API.
    const zhejiang = national.regions.find((r) => r.regionCode === '330000')!;
    expect(zhejiang.inScope).toBeGreaterThan(0);
    await page.getByTestId('dashboard-map-card-table-view').click();
    const row = page.getByTestId('dashboard-region-table').locator('tr[data-region="330000"]');
    await expectText(row, '浙江省');
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 8)).toEqual(['浙江省', ...[zhejiang.inScope, zhejiang.notStarted, zhejiang.selfCheck, zhejiang.rectifying, zhejiang.completed, zhejiang.verified].map((v) => v.toLocaleString('zh-CN')), pct(zhejiang.completionRate)]);
    expect(cells[9]).toBe(pct(zhejiang.programme.rate));

    // The workbook: one sheet per chart, numbers as numbers.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    expect(book.worksheets.map((w) => w.name)).toEqual(['地区进度', '分级进度', '逾期单位', '趋势']);
    const sheet = book.worksheets[0]!;
    let found = false;
    sheet.eachRow((r) => {
      if (r.getCell(1).value !== '330000') return;
      found = true;
      expect(r.getCell(4).value).toBe(zhejiang.inScope);
      expect(r.getCell(10).value).toBeCloseTo(zhejiang.completionRate ?? 0, 10);
      expect(r.getCell(10).numFmt).toBe('0.0%');
    });
    expect(found).toBe(true);
    expect(book.worksheets[2]!.actualRowCount).toBe(national.overdue.total + 1);
  });

  it('opens a province: the prefecture map, and the breadcrumb leads back', async () => {
    const { page } = browser;
    await page.getByTestId('dashboard-region-table').locator('tr[data-region="330000"]').getByTestId('dashboard-region-open').click();
    await expectText(page.getByTestId('dashboard-breadcrumb'), '浙江省');
    // The card keeps the table view chosen before; back to the chart.
    await expectText(page.getByTestId('dashboard-region-table'), '杭州市');
    await page.getByTestId('dashboard-map-card-chart-view').click();
    const map = page.getByTestId('region-map');
    await eventually(async () => expect(await map.getAttribute('data-map')).toBe('province-330000'));
    await eventually(async () => expect(await map.getAttribute('data-rendered')).toBe('true'));
    expect(await map.getAttribute('data-features')).toBe('11');
    expect(Number(await map.getAttribute('data-coloured'))).toBeGreaterThan(0);
    await screenshot(page, '71-campaign-dashboard-province');
    await page.getByTestId('dashboard-breadcrumb').getByText('全国').click();
    await eventually(async () => expect(await page.getByTestId('region-map').getAttribute('data-map')).toBe('china'));
  });
});
