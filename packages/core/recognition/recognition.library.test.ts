import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SOFTWARE_CATEGORIES, patternCompiles, recognitionRuleSchema } from '../../contracts/index.ts';
import { LIBRARY_DIR, libraryFileSchema, publishersFileSchema, readLibrary } from './recognition.library.ts';
import { compileLibrary } from './recognition.rules.ts';

/** The shipped rule library is data reviewed like code: this is its lint. */
describe('shipped rule library', () => {
  const lib = readLibrary();
  const files = fs.readdirSync(LIBRARY_DIR).filter((f) => f.endsWith('.yaml'));

  it('reads without a problem: every file and entry valid against the schema', () => {
    for (const f of files) {
      const doc = parseYaml(fs.readFileSync(path.join(LIBRARY_DIR, f), 'utf8'));
      const schema = f === '_publishers.yaml' ? publishersFileSchema : libraryFileSchema;
      expect(schema.safeParse(doc).success, f).toBe(true);
    }
    for (const r of lib.rules) expect(recognitionRuleSchema.safeParse(r).success, r.id).toBe(true);
  });

  it('has unique ids and at least 500 products (entries naming one product)', () => {
    expect(new Set(lib.rules.map((r) => r.id)).size).toBe(lib.rules.length);
    const products = lib.rules.filter((r) => r.productFrom === 'rule' && !r.parentFromName && r.publisher !== '*');
    expect(products.length).toBeGreaterThanOrEqual(500);
    expect(new Set(products.map((r) => r.category))).toEqual(new Set(SOFTWARE_CATEGORIES));
  });

  it('compiles every pattern, and writes them as normalised names look (half-width)', () => {
    for (const r of lib.rules) {
      const patterns = [...r.match, ...r.exclude, ...(r.publisherMatch ? [r.publisherMatch] : []), ...Object.keys(r.editions ?? {}), ...(r.overrides ?? []).flatMap((o) => [o.when.name, o.when.version].filter((x): x is string => !!x))];
      for (const p of patterns) {
        expect(patternCompiles(p), `${r.id}: ${p}`).toBe(true);
        // Names are NFKC-normalised before matching: a full-width character in a pattern would never match.
        expect(p.normalize('NFKC'), `${r.id}: ${p}`).toBe(p);
      }
    }
    for (const p of lib.publishers) expect(patternCompiles(p.match), p.name).toBe(true);
  });

  it('links components to parents that exist', () => {
    const ids = new Set(lib.rules.map((r) => r.id));
    for (const r of lib.rules) if (r.parent) expect(ids.has(r.parent), r.id).toBe(true);
  });

  it('covers the products the issue lists', () => {
    const rec = compileLibrary(lib.rules, { publishers: lib.publishers });
    const names = [
      'Microsoft Windows 10 Pro', 'Microsoft Windows 11 专业版', 'Microsoft Windows 7 Ultimate', 'Microsoft Windows Server 2019 Datacenter', 'Microsoft Windows Server 2008 R2 Standard',
      'Microsoft Office Professional Plus 2007', 'Microsoft Office Standard 2010', 'Microsoft Office Home and Business 2013', 'Microsoft Office LTSC Professional Plus 2021', 'Microsoft Office Professional Plus 2024 - en-us',
      'Microsoft 365 Apps for enterprise - en-us', 'Microsoft Visio Professional 2019', 'Microsoft Project Professional 2016', 'Microsoft SQL Server 2016 (64-bit)', 'Microsoft Visual Studio Professional 2022',
      'Adobe Acrobat Pro DC', 'Adobe Photoshop 2023', 'Adobe Illustrator CC 2019', 'Adobe InDesign 2024', 'Adobe Premiere Pro 2022', 'Adobe Creative Cloud', 'Autodesk AutoCAD 2021', 'Autodesk Revit 2022',
      'Autodesk 3ds Max 2023', 'Autodesk Maya 2024', 'CorelDRAW Graphics Suite 2021', 'WinRAR 6.24 (64-bit)', 'Foxit PDF Editor', 'Oracle Database 19c', 'VMware Workstation', 'MATLAB R2023a',
      'IBM SPSS Statistics 27', 'ArcGIS Desktop 10.8', 'WPS Office 2019 政务版', '用友U8', '金蝶KIS专业版', '中望CAD 2022', '浩辰CAD 2021', 'CAXA CAD 电子图板 2020', '银河麒麟桌面操作系统V10', '统信UOS 专业版',
    ];
    for (const n of names) expect(rec.recognize({ displayName: n }).requiresLicence, n).toBe(true);
    const free = ['Google Chrome', 'Mozilla Firefox', '7-Zip 23.01', 'LibreOffice 7.6.2.1', 'VLC media player', 'Notepad++ (64-bit x64)', 'Git', 'Python 3.12.0 (64-bit)', '腾讯QQ', '微信', '钉钉', '百度网盘', '搜狗输入法', 'Adobe Acrobat Reader DC', 'Foxit Reader'];
    for (const n of free) {
      const x = rec.recognize({ displayName: n });
      expect(x.ruleId, n).not.toBeNull();
      expect(x.requiresLicence, n).toBe(false);
    }
  });
});
