import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PROVINCES, featureRegionCode, provinceCodeOf, shortRegionName } from './province-names.ts';

/** The short names the China map uses, with the GB/T 2260 code each stands for. */
const MAP_NAMES: [string, string][] = [
  ['北京', '110000'], ['天津', '120000'], ['河北', '130000'], ['山西', '140000'], ['内蒙古', '150000'],
  ['辽宁', '210000'], ['吉林', '220000'], ['黑龙江', '230000'], ['上海', '310000'], ['江苏', '320000'],
  ['浙江', '330000'], ['安徽', '340000'], ['福建', '350000'], ['江西', '360000'], ['山东', '370000'],
  ['河南', '410000'], ['湖北', '420000'], ['湖南', '430000'], ['广东', '440000'], ['广西', '450000'],
  ['海南', '460000'], ['重庆', '500000'], ['四川', '510000'], ['贵州', '520000'], ['云南', '530000'],
  ['西藏', '540000'], ['陕西', '610000'], ['甘肃', '620000'], ['青海', '630000'], ['宁夏', '640000'],
  ['新疆', '650000'], ['台湾', '710000'], ['香港', '810000'], ['澳门', '820000'],
];

describe('provincial-level names → GB/T 2260 codes', () => {
  it('maps all 34 short and full names', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(MAP_NAMES).toHaveLength(34);
    for (const [short, code] of MAP_NAMES) {
      expect(provinceCodeOf(short), short).toBe(code);
      const full = PROVINCES.find((p) => p.code === code)!;
      expect(provinceCodeOf(full.name), full.name).toBe(code);
      expect(shortRegionName(full.name)).toBe(short);
    }
    expect(provinceCodeOf('  浙江省 ')).toBe('330000');
    expect(provinceCodeOf('杭州')).toBeNull();
  });

  it('keeps names that are nothing but a suffix', () => {
    expect(shortRegionName('市辖区')).toBe('市辖区');
    expect(shortRegionName('杭州市')).toBe('杭州');
  });

  it('matches map features by code first, then by name', () => {
    expect(featureRegionCode({ id: '330100', name: '杭州市' })).toBe('330100');
    // Features without a code (some prefecture maps) match the regions on screen by name.
    expect(featureRegionCode({ name: '山南市' }, [{ regionCode: '540500', regionName: '山南市' }])).toBe('540500');
    expect(featureRegionCode({ name: '山南' }, [{ regionCode: '540500', regionName: '山南市' }])).toBe('540500');
    expect(featureRegionCode({ name: '浙江' })).toBe('330000');
    expect(featureRegionCode({ name: '崇明区' }, [{ regionCode: '310100', regionName: '市辖区' }])).toBeNull();
  });

  it('every feature of the shipped China map resolves to its own code by name too', () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('echarts-map-data/map/json/china.json');
    const map = JSON.parse(readFileSync(file, 'utf8')) as { features: { id: string; properties: { name: string } }[] };
    expect(map.features).toHaveLength(34);
    for (const f of map.features) {
      expect(provinceCodeOf(f.properties.name), f.properties.name).toBe(f.id);
      expect(featureRegionCode({ id: f.id, name: f.properties.name })).toBe(f.id);
    }
  });
});
