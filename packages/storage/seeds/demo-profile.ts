import type { AgencyKind, Industry, Ownership, Role } from '../../contracts/index.ts';

/**
 * The demo profile (演示数据): one province — Zhejiang (浙江省, 330000) —
 * with agencies at the three levels and enterprises of the programme's
 * industries. Data only; the seed runner creates it through the services.
 */
export const DEMO_PROVINCE = '330000';

export interface DemoAgency {
  key: string;
  name: string;
  kind: AgencyKind;
  level: 'provincial' | 'prefecture' | 'county';
  regionCode: string;
  parentKey?: string;
  staff: number;
}

export interface DemoEnterprise {
  name: string;
  ownership: Ownership;
  industry: Industry;
  regionCode: string;
  staff: number;
}

const PROVINCIAL: [string, string, AgencyKind, number][] = [
  ['zj-gov', '浙江省人民政府办公厅', 'government', 420],
  ['zj-party', '中共浙江省委办公厅', 'party', 380],
  ['zj-congress', '浙江省人大常委会办公厅', 'congress', 210],
  ['zj-cppcc', '政协浙江省委员会办公厅', 'cppcc', 180],
  ['zj-court', '浙江省高级人民法院', 'court', 650],
  ['zj-procuratorate', '浙江省人民检察院', 'procuratorate', 520],
  ['zj-finance', '浙江省财政厅', 'government', 360],
  ['zj-copyright', '浙江省新闻出版局（浙江省版权局）', 'government', 150],
  ['zj-audit', '浙江省审计厅', 'government', 290],
  ['zj-education', '浙江省教育厅', 'government', 310],
  ['zj-industry', '浙江省经济和信息化厅', 'government', 280],
  ['zj-procurement', '浙江省政府采购中心', 'institution', 90],
  ['zj-stats', '浙江省统计局', 'government', 200],
  ['zj-info-center', '浙江省信息中心', 'institution', 120],
];

const PREFECTURES: [string, string][] = [
  ['330100', '杭州'], ['330200', '宁波'], ['330300', '温州'], ['330400', '嘉兴'], ['330500', '湖州'], ['330600', '绍兴'],
  ['330700', '金华'], ['330800', '衢州'], ['330900', '舟山'], ['331000', '台州'], ['331100', '丽水'],
];

const COUNTIES: [string, string, string][] = [
  ['330106', '杭州市西湖区', '330100'], ['330110', '杭州市余杭区', '330100'], ['330212', '宁波市鄞州区', '330200'],
  ['330302', '温州市鹿城区', '330300'], ['330402', '嘉兴市南湖区', '330400'], ['330502', '湖州市吴兴区', '330500'],
  ['330602', '绍兴市越城区', '330600'], ['330702', '金华市婺城区', '330700'], ['330802', '衢州市柯城区', '330800'],
  ['331002', '台州市椒江区', '331000'],
];

export function demoAgencies(): DemoAgency[] {
  const out: DemoAgency[] = PROVINCIAL.map(([key, name, kind, staff]) => ({ key, name, kind, level: 'provincial', regionCode: DEMO_PROVINCE, staff }));
  for (const [code, city] of PREFECTURES) {
    out.push({ key: `gov-${code}`, name: `${city}市人民政府办公室`, kind: 'government', level: 'prefecture', regionCode: code, staff: 160 });
  }
  for (const [code, city] of PREFECTURES.slice(0, 5)) {
    out.push({ key: `fin-${code}`, name: `${city}市财政局`, kind: 'government', level: 'prefecture', regionCode: code, parentKey: `gov-${code}`, staff: 140 });
  }
  for (const [code, name] of COUNTIES) {
    out.push({ key: `gov-${code}`, name: `${name}人民政府办公室`, kind: 'government', level: 'county', regionCode: code, staff: 70 });
  }
  return out;
}

export function demoEnterprises(): DemoEnterprise[] {
  return [
    { name: '浙江省能源集团有限公司', ownership: 'local-soe', industry: 'other', regionCode: '330100', staff: 12000 },
    { name: '中国工商银行股份有限公司浙江省分行', ownership: 'central-soe', industry: 'banking', regionCode: '330100', staff: 9800 },
    { name: '杭州银行股份有限公司', ownership: 'local-soe', industry: 'banking', regionCode: '330100', staff: 8600 },
    { name: '宁波银行股份有限公司', ownership: 'local-soe', industry: 'banking', regionCode: '330200', staff: 9100 },
    { name: '浙江稠州商业银行股份有限公司', ownership: 'private', industry: 'banking', regionCode: '330700', staff: 4300 },
    { name: '中国人民财产保险股份有限公司浙江省分公司', ownership: 'central-soe', industry: 'insurance', regionCode: '330100', staff: 6200 },
    { name: '浙商财产保险股份有限公司', ownership: 'local-soe', industry: 'insurance', regionCode: '330100', staff: 2100 },
    { name: '浙商证券股份有限公司', ownership: 'local-soe', industry: 'securities', regionCode: '330100', staff: 3900 },
    { name: '财通证券股份有限公司', ownership: 'local-soe', industry: 'securities', regionCode: '330100', staff: 3500 },
    { name: '永安期货股份有限公司', ownership: 'local-soe', industry: 'securities', regionCode: '330100', staff: 1200 },
    { name: '浙江出版联合集团有限公司', ownership: 'local-soe', industry: 'publishing', regionCode: '330100', staff: 5400 },
    { name: '浙江日报报业集团', ownership: 'local-soe', industry: 'publishing', regionCode: '330100', staff: 4800 },
    { name: '杭州汽轮动力集团股份有限公司', ownership: 'local-soe', industry: 'machinery', regionCode: '330100', staff: 6100 },
    { name: '浙江吉利控股集团有限公司', ownership: 'private', industry: 'machinery', regionCode: '330100', staff: 30000 },
    { name: '宁波均胜电子股份有限公司', ownership: 'private', industry: 'machinery', regionCode: '330200', staff: 14000 },
    { name: '浙江省交通规划设计研究院有限公司', ownership: 'local-soe', industry: 'survey-design', regionCode: '330100', staff: 2600 },
    { name: '中国电建集团华东勘测设计研究院有限公司', ownership: 'central-soe', industry: 'survey-design', regionCode: '330100', staff: 7000 },
    { name: '宁波舜宇光学科技有限公司', ownership: 'foreign', industry: 'machinery', regionCode: '330200', staff: 5200 },
    { name: '嘉兴斯达半导体股份有限公司', ownership: 'private', industry: 'other', regionCode: '330400', staff: 1800 },
    { name: '温州正泰电器股份有限公司', ownership: 'private', industry: 'machinery', regionCode: '330300', staff: 11000 },
  ];
}

/** Demo users (password `demo1234`, demo only), one per role. */
export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  orgKey?: string;
}

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '国家版权局管理员', role: 'national_admin' },
  { username: 'zj_admin', displayName: '浙江省版权局管理员', role: 'region_admin', regionCode: '330000' },
  { username: 'hz_admin', displayName: '杭州市版权局管理员', role: 'region_admin', regionCode: '330100' },
  { username: 'org_admin', displayName: '省财政厅信息中心', role: 'org_admin', orgKey: 'zj-finance' },
  { username: 'finance', displayName: '省财政厅采购处', role: 'finance', regionCode: '330000' },
  { username: 'auditor', displayName: '审计署审计员', role: 'auditor' },
  { username: 'inspector', displayName: '督查组成员', role: 'inspector' },
];
