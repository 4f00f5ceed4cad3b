/**
 * The 34 provincial-level divisions of GB/T 2260 (省级行政区) with their
 * full names, and the mapping of the names map data uses (short forms such
 * as 浙江, 内蒙古, 香港) to codes. Map features that carry a code are
 * matched by code; names are the fallback.
 */
export const PROVINCES: readonly { code: string; name: string }[] = [
  { code: '110000', name: '北京市' },
  { code: '120000', name: '天津市' },
  { code: '130000', name: '河北省' },
  { code: '140000', name: '山西省' },
  { code: '150000', name: '内蒙古自治区' },
  { code: '210000', name: '辽宁省' },
  { code: '220000', name: '吉林省' },
  { code: '230000', name: '黑龙江省' },
  { code: '310000', name: '上海市' },
  { code: '320000', name: '江苏省' },
  { code: '330000', name: '浙江省' },
  { code: '340000', name: '安徽省' },
  { code: '350000', name: '福建省' },
  { code: '360000', name: '江西省' },
  { code: '370000', name: '山东省' },
  { code: '410000', name: '河南省' },
  { code: '420000', name: '湖北省' },
  { code: '430000', name: '湖南省' },
  { code: '440000', name: '广东省' },
  { code: '450000', name: '广西壮族自治区' },
  { code: '460000', name: '海南省' },
  { code: '500000', name: '重庆市' },
  { code: '510000', name: '四川省' },
  { code: '520000', name: '贵州省' },
  { code: '530000', name: '云南省' },
  { code: '540000', name: '西藏自治区' },
  { code: '610000', name: '陕西省' },
  { code: '620000', name: '甘肃省' },
  { code: '630000', name: '青海省' },
  { code: '640000', name: '宁夏回族自治区' },
  { code: '650000', name: '新疆维吾尔自治区' },
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' },
];

// Longest first, so 维吾尔自治区 goes before 自治区 and 特别行政区 before 区.
const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市'];

/**
 * The short form of a region name, as map data and everyday speech use it:
 * 浙江省 → 浙江, 广西壮族自治区 → 广西, 香港特别行政区 → 香港. Names that
 * are nothing but a suffix (市辖区) stay as they are.
 */
export function shortRegionName(name: string): string {
  const s = name.trim();
  for (const suffix of SUFFIXES) if (s.length > suffix.length + 1 && s.endsWith(suffix)) return s.slice(0, -suffix.length);
  return s;
}

const BY_SHORT = new Map(PROVINCES.map((p) => [shortRegionName(p.name), p.code]));

/** The GB/T 2260 code of a provincial-level division named in any of its usual forms (浙江, 浙江省); null when unknown. */
export function provinceCodeOf(name: string): string | null {
  return BY_SHORT.get(shortRegionName(name)) ?? null;
}

/**
 * The code a map feature stands for: its own id when that is a six-digit
 * code, else the code of the candidate region (e.g. the child regions on
 * screen) whose name matches, else a provincial-level division by name.
 */
export function featureRegionCode(feature: { id?: string | number | undefined; name: string }, candidates: readonly { regionCode: string; regionName: string }[] = []): string | null {
  const id = feature.id === undefined ? '' : String(feature.id);
  if (/^\d{6}$/.test(id)) return id;
  const short = shortRegionName(feature.name);
  const hit = candidates.find((c) => c.regionName === feature.name || shortRegionName(c.regionName) === short);
  return hit ? hit.regionCode : provinceCodeOf(feature.name);
}
