import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { loadRegions } from '../../storage/reference/regions.ts';
import { createServices, type Services } from '../services.ts';
import { ancestorCodes } from './regions.service.ts';

describe('region codes', () => {
  it('derives ancestors from a GB/T 2260 code', () => {
    expect(ancestorCodes('330106')).toEqual(['330000', '330100']);
    expect(ancestorCodes('330100')).toEqual(['330000']);
    expect(ancestorCodes('330000')).toEqual([]);
  });
});

describe.each(testDialects())('regions on %s', (dialect) => {
  let s: Services;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
  });
  afterAll(async () => s.database.close());

  it('loads the full GB/T 2260 tree', async () => {
    const counts = await repositories(s.database.db).regions.countByLevel();
    expect(counts.province).toBeGreaterThanOrEqual(31);
    expect(counts.prefecture).toBeGreaterThanOrEqual(300);
    expect(counts.county).toBeGreaterThanOrEqual(2800);
    // Loading again changes nothing.
    await loadRegions(s.database);
    expect(await repositories(s.database.db).regions.countByLevel()).toEqual(counts);
  });

  it('browses children and searches with ancestors', async () => {
    const provinces = await s.regions.children(null);
    expect(provinces).toHaveLength(31);
    expect(provinces.find((p) => p.code === '330000')).toMatchObject({ name: '浙江省', hasChildren: true });
    const hz = await s.regions.children('330100');
    expect(hz.find((c) => c.code === '330106')).toMatchObject({ name: '西湖区', level: 'county', hasChildren: false });
    const found = await s.regions.search('西湖');
    expect(found.map((r) => r.code)).toEqual(expect.arrayContaining(['330000', '330100', '330106']));
    expect((await s.regions.get('330106')).ancestors.map((a) => a.name)).toEqual(['浙江省', '杭州市']);
  });
});
