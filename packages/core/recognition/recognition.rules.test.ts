import { describe, expect, it } from 'vitest';
import { recognitionRuleSchema, type RecognitionInput, type RecognitionRule } from '../../contracts/index.ts';
import { KeyTrie, indexPatterns } from './recognition.index.ts';
import { shippedOnlyRecognizer } from './recognition.library.ts';
import { compareVersions, normalizeName, normalizeVersion, parsePackageName } from './recognition.normalize.ts';
import { DISTRO_RULE_ID, compileLibrary } from './recognition.rules.ts';

const r = shippedOnlyRecognizer();
const rec = (displayName: string, more: Partial<RecognitionInput> = {}) => r.recognize({ displayName, ...more });

describe('normalisation', () => {
  it('removes architecture, language and trademark decorations, keeping what identifies the product', () => {
    expect(normalizeName('Microsoft Office Professional Plus 2016 - zh-cn').norm).toBe('microsoft office professional plus 2016');
    expect(normalizeName('Autodesk AutoCAD 2020 - 简体中文 (Simplified Chinese)').norm).toBe('autodesk autocad 2020');
    expect(normalizeName('Adobe Acrobat DC (64-bit)').norm).toBe('adobe acrobat dc');
    expect(normalizeName('Mozilla Firefox (x64 zh-CN)').norm).toBe('mozilla firefox');
    expect(normalizeName('Microsoft® Windows Vista™ Business').norm).toBe('microsoft windows vista business');
    expect(normalizeName('Intel(R) Management Engine Components').norm).toBe('intel management engine components');
    // Full-width characters (全角) become half-width.
    expect(normalizeName('Ｍｉｃｒｏｓｏｆｔ　Ｏｆｆｉｃｅ（６４位）').norm).toBe('microsoft office');
  });

  it('finds the version in the name and keeps a base name for grouping', () => {
    const n = normalizeName('WPS Office (11.1.0.11365)');
    expect(n.norm).toBe('wps office');
    expect(n.nameVersion).toBe('11.1.0.11365');
    expect(normalizeName('Python 3.11.4 (64-bit)').base).toBe('Python');
  });

  it('reads package names and versions', () => {
    expect(parsePackageName('libreoffice-writer 1:7.4.7-1', null)).toMatchObject({ name: 'libreoffice-writer', version: '1:7.4.7-1', source: 'dpkg' });
    expect(parsePackageName('libreoffice-writer-7.1.8.1-12.el9.x86_64', null)).toMatchObject({ name: 'libreoffice-writer', version: '7.1.8.1-12.el9', source: 'rpm' });
    // With its own version column an rpm name is the package name, even when it looks like name-version-release.
    expect(parsePackageName('java-1.8.0-openjdk', 'rpm', true)).toMatchObject({ name: 'java-1.8.0-openjdk', version: null, source: 'rpm' });
    expect(parsePackageName('WPS Office', null)).toBeNull();
    expect(normalizeVersion('1:7.4.7-1', true)).toBe('7.4.7');
    expect(normalizeVersion('1.8.0_381-fcs', true)).toBe('1.8.0.381');
    expect(compareVersions('17.5.2', '17.5.10')).toBeLessThan(0);
    expect(compareVersions('8.0.2110.12', '8.0.2110')).toBeGreaterThan(0);
    expect(compareVersions('16.0', '16')).toBe(0);
    expect(compareVersions('1.', '1.0')).toBe(0);
    // Beyond plain digits and dots: component by component as numbers, as before.
    expect(compareVersions('12345678901234567890', '12345678901234567891')).toBe(0);
    expect(compareVersions('1.0a', '1.0')).toBeNaN();
  });

  it('evens out white space and strips edge punctuation, wherever it is', () => {
    expect(normalizeName('  Foo\t Bar\u3000Baz ').norm).toBe('foo bar baz');
    expect(normalizeName('-- Foo Bar, ').display).toBe('Foo Bar');
    expect(normalizeName('Foo ((R)R) Bar').norm).toBe('foo bar');
  });
});

describe('candidate index', () => {
  it('files each pattern under literal keys that every match contains', () => {
    const { byKey, scan } = indexPatterns(['^microsoft office (?:professional|standard)', '\\bautocad\\b', '腾讯qq', 'autocad', '^(?:microsoft )?visio\\b']);
    const keysOf = (n: number) => [...byKey].filter(([, list]) => list.includes(n)).map(([k]) => k).sort();
    // Any literal every match must contain will do: a word of the run, or one key per alternative of a group.
    expect([['micr'], ['offi'], ['prof', 'stan']]).toContainEqual(keysOf(0));
    expect(byKey.get('auto')).toEqual([1]);
    expect(byKey.get('腾讯qq')).toEqual([2]);
    expect(byKey.get('visi')).toEqual([4]);
    // Unanchored "autocad" could match inside a word: no key is safe, it is tested against every name.
    expect(scan).toEqual([3]);
  });

  it('gives each pattern the longest literal every match contains, when there is one', () => {
    const { required } = indexPatterns(['^microsoft office (?:professional|standard)', '^splunk ?(?:universal)? ?forwarder\\b', 'foo|barbaz', '^ab?c', '^用友erp-?u8', '^ſoftware']);
    expect(required).toEqual(['microsoft office ', 'forwarder', null, null, '用友erp', null]);
  });

  it('walks the keys as a trie', () => {
    const trie = new KeyTrie(new Map([['micr', [0]], ['mi', [1]], ['腾讯', [2]]]));
    const walk = (s: string) => [...s].reduce((node, ch) => (node < 0 ? node : trie.child(node, ch.charCodeAt(0))), 0);
    expect(trie.patternsAt(walk('mi'))).toEqual([1]);
    expect(trie.patternsAt(walk('micr'))).toEqual([0]);
    expect(trie.patternsAt(walk('mic'))).toBeNull();
    expect(walk('mx')).toBe(-1);
    expect(trie.patternsAt(walk('腾讯'))).toEqual([2]);
  });

  it('keeps the shipped library indexed (at most a handful of patterns tested against every name)', () => {
    expect(r.stats.scanPatterns.length).toBeLessThanOrEqual(3);
  });
});

describe('the issue examples', () => {
  it('recognises Office by edition and release, in English and Chinese', () => {
    const en = rec('Microsoft Office Professional Plus 2016 - zh-cn', { version: '16.0.4266.1001', publisher: 'Microsoft Corporation' });
    expect(en).toMatchObject({ publisherNorm: 'Microsoft', product: 'Microsoft Office', edition: 'Professional Plus', release: '2016', majorRelease: '16.0', versionNorm: '16.0.4266.1001', productKey: 'microsoft/office', category: 'office-suite', licenceClass: 'commercial', requiresLicence: true, domestic: false, ruleId: 'microsoft-office' });
    expect(en.confidence).toBeGreaterThan(0.9);
    const zh = rec('Microsoft Office 专业增强版 2019 - zh-cn');
    expect(zh).toMatchObject({ productKey: 'microsoft/office', edition: 'Professional Plus', release: '2019', majorRelease: '16.0', requiresLicence: true });
  });

  it('tells the free WPS personal edition from the sold ones', () => {
    expect(rec('WPS Office (11.1.0.11365)')).toMatchObject({ productKey: 'kingsoft/wps-office', edition: 'Personal', versionNorm: '11.1.0.11365', licenceClass: 'freeware', requiresLicence: false, domestic: true });
    expect(rec('WPS Office 2019 专业版')).toMatchObject({ edition: 'Professional', licenceClass: 'commercial', requiresLicence: true, domestic: true });
    expect(rec('WPS Office', { version: '11.8.2.10229' })).toMatchObject({ edition: 'Professional', licenceClass: 'commercial' });
    expect(rec('wps-office', { version: '11.1.0.11720', source: 'dpkg' })).toMatchObject({ productKey: 'kingsoft/wps-office', licenceClass: 'freeware' });
  });

  it('counts Acrobat DC as licensed and Reader as free', () => {
    expect(rec('Adobe Acrobat DC (64-bit)')).toMatchObject({ productKey: 'adobe/acrobat', category: 'office-suite', licenceClass: 'commercial', requiresLicence: true });
    expect(rec('Adobe Acrobat Reader DC - Chinese Simplified')).toMatchObject({ productKey: 'adobe/acrobat-reader', licenceClass: 'freeware', requiresLicence: false });
  });

  it('recognises AutoCAD with its R-number', () => {
    expect(rec('Autodesk AutoCAD 2020 - 简体中文 (Simplified Chinese)')).toMatchObject({ productKey: 'autodesk/autocad', release: '2020', majorRelease: '23.1', category: 'cad-design', requiresLicence: true });
    expect(rec('AutoCAD 2020 Language Pack - 简体中文')).toMatchObject({ licenceClass: 'os-component', requiresLicence: false, parentKey: 'autodesk/autocad' });
  });

  it('treats updates as components linked to their product', () => {
    const u = rec('Security Update for Microsoft Office 2016 (KB4484103) 64-Bit Edition');
    expect(u).toMatchObject({ licenceClass: 'os-component', requiresLicence: false, ruleId: 'component.update', parentKey: 'microsoft/office', publisherNorm: 'Microsoft', category: 'office-suite' });
    expect(rec('Microsoft Office 2010 安全更新 (KB2553154) 32 位版本')).toMatchObject({ licenceClass: 'os-component', parentKey: 'microsoft/office' });
    expect(rec('Microsoft Access MUI (Chinese (Simplified)) 2016')).toMatchObject({ licenceClass: 'os-component', parentKey: 'microsoft/access' });
    expect(rec('Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532')).toMatchObject({ productKey: 'microsoft/vc-redist', licenceClass: 'os-component', category: 'runtime-driver-component' });
    expect(rec('Realtek High Definition Audio Driver')).toMatchObject({ licenceClass: 'os-component', publisherNorm: 'Realtek' });
  });

  it('classes distribution packages as open source unless a rule says otherwise', () => {
    expect(rec('libreoffice-writer 1:7.4.7-1')).toMatchObject({ productKey: 'documentfoundation/libreoffice', licenceClass: 'open-source', versionNorm: '7.4.7', requiresLicence: false });
    expect(rec('libfoo-bar2', { source: 'dpkg', version: '2.1-3' })).toMatchObject({ ruleId: DISTRO_RULE_ID, licenceClass: 'open-source', category: 'runtime-driver-component', confidence: 0.5 });
    expect(rec('google-chrome-stable', { source: 'dpkg', version: '120.0.6099.129-1' })).toMatchObject({ productKey: 'google/chrome', licenceClass: 'freeware' });
    expect(rec('redhat-release', { source: 'rpm', version: '9.3-0.5.el9' })).toMatchObject({ licenceClass: 'commercial', category: 'operating-system' });
  });

  it('answers unknown with no rule and zero confidence', () => {
    const u = rec('Qwzx Frobnicator 3.2', { publisher: 'Qwzx Software Co., Ltd.' });
    expect(u).toMatchObject({ productKey: 'unknown', ruleId: null, confidence: 0, licenceClass: 'unknown', requiresLicence: false, publisherNorm: 'Qwzx Software' });
  });
});

describe('time- and edition-dependent licence facts', () => {
  it('Oracle Java 8 is free up to 8u202 and needs a subscription from 8u211', () => {
    expect(rec('Java 8 Update 202', { version: '8.0.2020.8' }).licenceClass).toBe('freeware');
    expect(rec('Java 8 Update 381 (64-bit)', { version: '8.0.3810.9' }).licenceClass).toBe('commercial');
    expect(rec('jdk1.8', { source: 'rpm', version: '1.8.0_381-fcs' }).licenceClass).toBe('commercial');
    expect(rec('Eclipse Temurin JDK with Hotspot 17.0.9+9 (x64)').licenceClass).toBe('open-source');
  });

  it('VMware Workstation Pro is free from 17.5.2 (Broadcom, November 2024)', () => {
    expect(rec('VMware Workstation', { version: '16.2.5' }).requiresLicence).toBe(true);
    expect(rec('VMware Workstation', { version: '17.5.2' }).licenceClass).toBe('freeware');
  });

  it('free editions of sold products are free', () => {
    expect(rec('Microsoft SQL Server 2014 Express LocalDB').licenceClass).toBe('freeware');
    expect(rec('Microsoft SQL Server 2019 (64-bit)').requiresLicence).toBe(true);
    expect(rec('Microsoft Visual Studio Community 2022')).toMatchObject({ edition: 'Community', licenceClass: 'freeware' });
    expect(rec('Microsoft Visual Studio Enterprise 2022')).toMatchObject({ edition: 'Enterprise', requiresLicence: true });
    expect(rec('Foxit Reader').licenceClass).toBe('freeware');
    expect(rec('Foxit PDF Editor').requiresLicence).toBe(true);
    expect(rec('Microsoft Windows Server 2022 Datacenter Evaluation')).toMatchObject({ licenceClass: 'trial', requiresLicence: true });
  });

  it('software free only for personal use is licensed in an organisation', () => {
    for (const n of ['TeamViewer', 'AnyDesk', 'WinRAR 6.24 (64-bit)', 'CCleaner']) expect(rec(n).requiresLicence, n).toBe(true);
    for (const n of ['腾讯QQ', '微信', '钉钉', '360安全卫士', '7-Zip 23.01 (x64)', 'Google Chrome']) expect(rec(n).requiresLicence, n).toBe(false);
  });
});

describe('compiled libraries', () => {
  const rule = (over: Partial<RecognitionRule>): RecognitionRule => ({ id: 'test.app', publisher: 'Test', product: 'Test App', aliases: [], category: 'utility', licence: 'freeware', domestic: false, match: ['^test app\\b'], exclude: [], priority: 0, productFrom: 'rule', ...over });

  it('matches by publisher alone only names no other rule takes (a rule whose only pattern is ".")', () => {
    const vendor = rule({ id: 'vendor.acme', publisher: 'Acme', product: 'Acme product', productFrom: 'name', licence: 'commercial', priority: 50, match: ['.'], publisherMatch: '^acme\\b', exclude: ['\\bviewer\\b'] });
    const lib = compileLibrary([rule({ priority: -90 }), vendor]);
    expect(lib.recognize({ displayName: 'Acme Designer 3', publisher: 'Acme Corp.' })).toMatchObject({ ruleId: 'vendor.acme', product: 'Acme Designer', requiresLicence: true });
    // Another rule takes the name, whatever the priorities; another publisher, none, or an excluded name: not the vendor's.
    expect(lib.recognize({ displayName: 'Test App 2', publisher: 'Acme Corp.' }).ruleId).toBe('test.app');
    expect(lib.recognize({ displayName: 'Acme Designer 3', publisher: 'Other Ltd.' }).ruleId).toBeNull();
    expect(lib.recognize({ displayName: 'Acme Designer 3' }).ruleId).toBeNull();
    expect(lib.recognize({ displayName: 'Acme Viewer', publisher: 'Acme Corp.' }).ruleId).toBeNull();
    expect(lib.stats.scanPatterns).toEqual([]);
    // Without a publisher pattern such a rule would take every name: refused.
    const bad = recognitionRuleSchema.safeParse({ ...vendor, publisherMatch: undefined });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toContain('recognition.publisherOnly');
  });

  it('lets local rules win over shipped ones', () => {
    const shipped = [rule({})];
    const local = [rule({ id: 'local.test', licence: 'commercial', product: 'Test App (local)' })];
    const lib = compileLibrary(shipped, { local });
    expect(lib.recognize({ displayName: 'Test App 2.0' })).toMatchObject({ ruleId: 'local.test', requiresLicence: true, confidence: 0.95 });
    // A local rule with a shipped id replaces that rule.
    const replaced = compileLibrary(shipped, { local: [rule({ licence: 'commercial' })] });
    expect(replaced.recognize({ displayName: 'Test App' }).licenceClass).toBe('commercial');
  });

  it('prefers higher priority, then the longer match', () => {
    const lib = compileLibrary([rule({ id: 'a', match: ['^test\\b'], product: 'A' }), rule({ id: 'b', match: ['^test app pro\\b'], product: 'B' }), rule({ id: 'c', match: ['\\bpro\\b'], product: 'C', priority: 10 })]);
    expect(lib.recognize({ displayName: 'Test App' }).ruleId).toBe('a');
    expect(lib.recognize({ displayName: 'Test App Pro' }).ruleId).toBe('c');
  });

  it('memoises distinct inputs and keeps them apart by version, publisher and source', () => {
    const lib = compileLibrary([rule({ overrides: [{ when: { versionAtLeast: '2' }, licence: 'commercial' }] })]);
    const a = lib.recognize({ displayName: 'Test App', version: '1.0' });
    expect(lib.recognize({ displayName: 'Test App', version: '1.0' })).toBe(a);
    expect(lib.recognize({ displayName: 'Test App', version: '2.0' }).licenceClass).toBe('commercial');
    expect(lib.recognize({ displayName: 'Test App', version: '1.0', source: 'macos' })).not.toBe(a);
  });

  it('works a name out once for all its versions, yet lets the publisher and source of each row choose', () => {
    const lib = compileLibrary([
      rule({ id: 'acme', match: ['^test app\\b'], product: 'Acme App', publisher: 'Acme', publisherMatch: 'acme', publisherRequired: true, priority: 5 }),
      rule({ id: 'generic', match: ['^test app\\b'] }),
      rule({ id: 'mac', match: ['^test app\\b'], product: 'Mac App', sources: ['macos'], priority: -5 }),
    ]);
    expect(lib.recognize({ displayName: 'Test App', version: '1.0', publisher: 'Acme Inc.' }).ruleId).toBe('acme');
    expect(lib.recognize({ displayName: 'Test App', version: '1.0', publisher: 'Other' }).ruleId).toBe('generic');
    expect(lib.recognize({ displayName: 'Test App', version: '2.0', publisher: 'Acme Inc.' }).ruleId).toBe('acme');
    expect(lib.recognize({ displayName: 'Test App', version: '2.0' }).ruleId).toBe('generic');
    expect(lib.recognize({ displayName: 'Test App', version: '2.0', source: 'rpm' }).ruleId).toBe('generic');
    // A small memo is cleared and filled again: the same answers.
    const small = compileLibrary([rule({})], { memoSize: 2 });
    const answers = ['1', '2', '3', '1', '2'].map((version) => small.recognize({ displayName: 'Test App', version }).versionNorm);
    expect(answers).toEqual(['1', '2', '3', '1', '2']);
  });

  it('is fast enough: well over 20,000 distinct names per second even on a busy test machine', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => ({ displayName: `Microsoft Office Professional Plus 2016 - zh-cn`, version: `16.0.${i}` }));
    const t0 = performance.now();
    for (const x of names) r.recognize(x);
    const perSecond = names.length / ((performance.now() - t0) / 1000);
    expect(perSecond).toBeGreaterThan(20_000);
  });
});
