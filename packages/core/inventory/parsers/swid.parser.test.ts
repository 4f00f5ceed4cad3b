import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { mergeSwidTags, parseSwidTag, swidTagsToInventory, type SwidTag } from './swid.parser.ts';
import { fixture, hasSharedData, sharedData } from './test-data.ts';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InventoryParseError) return e.reason;
    throw e;
  }
  return 'no error';
}

const tagOf = (name: string) => parseSwidTag(fixture(name), { file: name });

describe('parseSwidTag', () => {
  it('reads a 2015 primary tag, skipping its XML-DSig signature', () => {
    const t = tagOf('swid-wps-primary.swidtag');
    expect(t).toMatchObject({
      kind: 'primary',
      schema: '2015',
      tagId: 'cn.wps.office-2019-pro-11.8.2.12085',
      tagVersion: 2,
      name: 'WPS Office 2019 专业版',
      version: '11.8.2.12085',
      versionScheme: 'multipartnumeric',
      links: [{ rel: 'license', href: 'https://www.wps.cn/licence' }],
      evidence: { date: '2026-11-20T09:00:00Z', deviceId: 'caiwu-pc-03.example.gov.cn' },
    });
    expect(t.entities).toEqual([
      { name: '珠海金山办公软件有限公司', regid: 'wps.cn', roles: ['softwareCreator', 'licensor'] },
      { name: 'Example Tagging Service', regid: 'tags.example.cn', roles: ['tagCreator'] },
    ]);
    expect(t.software).toEqual({ name: 'WPS Office 2019 专业版', version: '11.8.2.12085', publisher: '珠海金山办公软件有限公司', arch: 'x86_64', installDate: null, source: 'swid', guid: 'cn.wps.office-2019-pro-11.8.2.12085', sizeBytes: null, systemCategory: null });
  });

  it('reads the 2014 DIS namespace; publisher falls back to the licensor', () => {
    const t = tagOf('swid-2014-dis.swidtag');
    expect(t).toMatchObject({ schema: '2014-DIS', kind: 'primary', name: 'Kylin Office Suite' });
    expect(t.software).toMatchObject({ publisher: 'Example Kylin Software Co., Ltd.', arch: 'aarch64', version: '3.2.1' });
  });

  it('knows supplemental, patch and corpus tags', () => {
    expect(tagOf('swid-wps-supplemental.swidtag').kind).toBe('supplemental');
    expect(tagOf('swid-wps-patch.swidtag').kind).toBe('patch');
    expect(tagOf('swid-corpus.swidtag').kind).toBe('corpus');
  });

  it.each([
    ['no namespace', fixture('swid-no-namespace.swidtag'), 'swid-missing-namespace'],
    ['an entity declaration', `<!DOCTYPE s [<!ENTITY x "y">]>${fixture('swid-2014-dis.swidtag').toString().replace(/^<\?xml[^>]*>/, '')}`, 'xml-entities-forbidden'],
    ['a truncated tag', fixture('swid-wps-primary.swidtag').subarray(0, 300), 'xml-malformed'],
    ['two kinds at once', fixture('swid-wps-patch.swidtag').toString().replace('patch="true"', 'patch="true" supplemental="1"'), 'swid-conflicting-kind'],
    ['a non-boolean flag', fixture('swid-wps-patch.swidtag').toString().replace('patch="true"', 'patch="yes"'), 'swid-invalid-attribute'],
    ['an empty name', fixture('swid-2014-dis.swidtag').toString().replace('name="Kylin Office Suite"', 'name="  "'), 'swid-missing-name'],
    ['an OCS inventory', '<REQUEST><QUERY>PROLOG</QUERY></REQUEST>', 'swid-wrong-root'],
    ['deep nesting', `<SoftwareIdentity xmlns="http://standards.iso.org/iso/19770/-2/2015/schema.xsd" name="n" tagId="t">${'<Payload>'.repeat(100_000)}</SoftwareIdentity>`, 'xml-too-deep'],
  ])('refuses %s', (_, input, expected) => {
    expect(reason(() => parseSwidTag(input))).toBe(expected);
  });
});

describe('mergeSwidTags', () => {
  const tags = ['swid-wps-primary.swidtag', 'swid-wps-supplemental.swidtag', 'swid-wps-patch.swidtag', 'swid-corpus.swidtag', 'swid-2014-dis.swidtag'].map(tagOf);

  it('attaches supplemental facts and patches to their primary; corpus tags are not installed software', () => {
    const m = mergeSwidTags(tags);
    expect(m.products.map((p) => p.primary.tagId)).toEqual(['cn.wps.office-2019-pro-11.8.2.12085', 'cn.example.kylin-office-3.2.1']);
    const wps = m.products[0]!;
    expect(wps.supplementals.map((t) => t.tagId)).toEqual(['cn.example.org-4401.wps-licence']);
    expect(wps.patches.map((t) => `${t.name} ${t.version}`)).toEqual(['WPS Office 2019 security update 2026-10 11.8.2.12187']);
    expect(wps.meta).toMatchObject({ product: 'WPS Office', licenceContract: 'GD-2024-0031', seats: '120' });
    expect(wps.entities.map((e) => e.name)).toEqual(['珠海金山办公软件有限公司', 'Example Tagging Service', '广东省某单位']);
    expect(m.corpus.map((t) => t.tagId)).toEqual(['cn.wps.office-2019-pro-setup']);
    expect(m.unresolved).toEqual([]);
  });

  it('reports supplemental and patch tags whose primary is missing', () => {
    const m = mergeSwidTags(tags.filter((t) => t.kind !== 'primary'));
    expect(m.products).toEqual([]);
    expect(m.unresolved.map((u) => u.tag.tagId).sort()).toEqual(['cn.example.org-4401.wps-licence', 'cn.wps.office-2019-pro-patch-2026-10']);
  });

  it('keeps the higher tagVersion of a tag given twice', () => {
    const primary = tags[0]!;
    const older: SwidTag = { ...primary, tagVersion: 1, version: 'old' };
    const m = mergeSwidTags([primary, older]);
    expect(m.products.map((p) => p.primary.version)).toEqual(['11.8.2.12085']);
    expect(m.superseded).toEqual([older]);
  });

  it('turns tags into one additive inventory for the device named by Evidence', () => {
    const { inventory } = swidTagsToInventory(tags);
    expect(inventory).toMatchObject({ format: 'swid', partial: true, softwareIncluded: true, softwareAdditive: true });
    expect(inventory.hardware.hostname).toBe('caiwu-pc-03.example.gov.cn');
    expect(inventory.software.map((s) => s.name)).toEqual(['WPS Office 2019 专业版', 'Kylin Office Suite']);
  });
});

const SWID = 'swid';

/** Why each negative case of rpm2swidtag is invalid, read from the files (and rpm2swidtag's test.sh). */
const INVALID: Record<string, string> = {
  'missing-name.xml': 'swid-missing-name',
  'missing-tagId.xml': 'swid-missing-tagid',
  'wrong-root.xml': 'swid-wrong-root',
  'wrong-schema.xml': 'swid-wrong-namespace',
  'SoftwareIdentity-in-SoftwareIdentity.swidtag': 'swid-nested-identity',
  'supplemental-without-link.swidtag': 'swid-supplemental-without-link',
  'supplemental-without-attribute.swidtag': 'swid-supplemental-link-without-flag',
};

describe.skipIf(!hasSharedData(SWID))('reference SWID tags (NIST swid-tools, rpm2swidtag)', () => {
  const dir = (sub: string) => sharedData(`${SWID}/${sub}`);
  const list = (sub: string) => fs.readdirSync(dir(sub)).filter((f) => /\.(swidtag|xml)$/.test(f));
  const parse = (sub: string, f: string) => parseSwidTag(fs.readFileSync(path.join(dir(sub), f)), { file: `${sub}/${f}` });

  it.each(hasSharedData(SWID) ? [...list('nist-swid-tools').map((f) => ['nist-swid-tools', f]), ...list('rpm2swidtag/valid').map((f) => ['rpm2swidtag/valid', f])] : [])('%s/%s parses', (sub, f) => {
    const t = parse(sub!, f!);
    expect(t.kind).toBe('primary');
    expect(t.software.name).toBe(t.name);
    expect(t.software.guid).toBe(t.tagId);
  });

  it('reads details of the NIST tag and a signed rpm tag', () => {
    expect(parse('nist-swid-tools', 'authoritative.swidtag')).toMatchObject({ tagId: 'gov.nist.decima-swidval-0.5.0.1', version: '0.5.0.1', software: { publisher: 'National Institute of Standards and Technology' } });
    expect(parse('rpm2swidtag/valid', 'test.example.pkg1-1.2.0-1.fc28.x86_64-signed.swidtag')).toMatchObject({ name: 'pkg1', versionScheme: 'rpm', software: { arch: 'x86_64', publisher: null } });
  });

  it.each(Object.entries(INVALID))('rpm2swidtag/invalid/%s is refused: %s', (f, expected) => {
    expect(reason(() => parse('rpm2swidtag/invalid', f))).toBe(expected);
  });

  it('covers every invalid file', () => {
    expect(list('rpm2swidtag/invalid').sort()).toEqual(Object.keys(INVALID).sort());
  });

  it('merges the supplemental tags with their primaries, through chains and cycles', () => {
    const tags = [...list('rpm2swidtag/valid').map((f) => parse('rpm2swidtag/valid', f)), ...list('rpm2swidtag/supplemental').map((f) => parse('rpm2swidtag/supplemental', f))];
    const m = mergeSwidTags(tags);
    const by = (id: string) => m.products.find((p) => p.primary.tagId === id)!;
    // distro-minor-supplemental → distro; distro-minor-supplemental-2 → distro-minor-supplemental → distro.
    expect(by('test.a.Example-OS-Distro-3.x86_64').supplementals.map((t) => t.tagId)).toEqual(['test.a.Example-OS-Distro-3.14.x86_64', 'test.a.Example-OS-Distro-3.14.x86_64-sup2']);
    expect(by('test.a.Example-OS-Distro-3.x86_64').meta).toMatchObject({ product: 'Example OS', colloquialVersion: '3', revision: '14' });
    // s1 names its primaries with swidpath (@name='Primary SWID tag'): p1 and p2; s11 → s1; s2 → p2; s12 → s2 (and s2 ↔ s12 is a cycle).
    expect(by('test.a.p1').supplementals.map((t) => t.tagId).sort()).toEqual(['test.a.s1', 'test.a.s11']);
    expect(by('test.m.p2').supplementals.map((t) => t.tagId).sort()).toEqual(['test.a.s1', 'test.a.s11', 'test.a.s12', 'test.o.s2']);
    // What s2 says directly beats what s12 (a supplemental of s2) says.
    expect(by('test.m.p2').meta['s2-attrib']).toBe('s2');
    expect(by('test.m.p2').software.publisher).toBe('Example A Organization');
    expect(m.unresolved.map((u) => u.tag.tagId)).toEqual(['test.a.Example-OS-Distro-3.15.x86_64']);
    // pkg3 is given twice (valid/ and supplemental/); the one with tagVersion 10 wins.
    expect(by('test.a.pkg3-1.0.0-1.x86_64').primary.tagVersion).toBe(10);
    expect(m.superseded.map((t) => t.file)).toEqual(['rpm2swidtag/valid/pkg3.swidtag']);
  });
});
