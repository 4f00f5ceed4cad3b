import { describe, expect, it } from 'vitest';
import { parseDpkgQuery, parseFlatpakList, parseRpmQuery, parseSnapList, stripEmail } from './linux-packages.parser.ts';

describe('parseDpkgQuery', () => {
  const out = [
    'adduser\t3.134\tall\tDebian Adduser Developers <adduser@packages.debian.org>\t686\tadmin\tii ',
    'libc6\t2.36-9+deb12u4\tamd64\tGNU Libc Maintainers <debian-glibc@lists.debian.org>\t12991\tlibs\tii ',
    'libc6\t2.36-9+deb12u4\ti386\tGNU Libc Maintainers <debian-glibc@lists.debian.org>\t12345\tlibs\tii ',
    'oldpkg\t1.0\tamd64\tSomeone <s@example.org>\t10\tmisc\trc ',
    'halfway\t2.0\tamd64\tSomeone <s@example.org>\t10\tmisc\tiU ',
    'nosize\t1:2.0~rc1\tamd64\t\t\t\tii ',
    '',
  ].join('\n');

  it('keeps installed (ii) packages only, one row per architecture', () => {
    const rows = parseDpkgQuery(out);
    expect(rows.map((r) => `${r.name}:${r.arch}`)).toEqual(['adduser:all', 'libc6:amd64', 'libc6:i386', 'nosize:amd64']);
  });

  it('maps maintainer (without address), Installed-Size (KiB), section', () => {
    expect(parseDpkgQuery(out)[0]).toEqual({
      name: 'adduser',
      version: '3.134',
      publisher: 'Debian Adduser Developers',
      arch: 'all',
      installDate: null,
      source: 'dpkg',
      guid: null,
      sizeBytes: 686 * 1024,
      systemCategory: 'admin',
    });
    expect(parseDpkgQuery(out)[3]).toMatchObject({ version: '1:2.0~rc1', publisher: null, sizeBytes: null, systemCategory: null });
  });

  it('strips only the address from a maintainer', () => {
    expect(stripEmail('Jane Doe <jane@example.org>')).toBe('Jane Doe');
    expect(stripEmail('<only@example.org>')).toBeNull();
    expect(stripEmail('Ubuntu Developers')).toBe('Ubuntu Developers');
  });
});

describe('parseRpmQuery', () => {
  it('maps name, version-release, arch, vendor, install time, size, group; skips gpg-pubkey', () => {
    const rows = parseRpmQuery(
      [
        'bash\t5.1.8-6.el9\tx86_64\tRocky Enterprise Software Foundation\t1700000000\t7738634\tUnspecified',
        'gpg-pubkey\t350d275d-6279464b\t(none)\t(none)\t1700000100\t0\tPublic Keys',
        'kylin-release\t10-24.6\tnoarch\t(none)\t(none)\t(none)\tSystem Environment/Base',
      ].join('\n'),
    );
    expect(rows).toEqual([
      { name: 'bash', version: '5.1.8-6.el9', publisher: 'Rocky Enterprise Software Foundation', arch: 'x86_64', installDate: '2023-11-14', source: 'rpm', guid: null, sizeBytes: 7738634, systemCategory: null },
      { name: 'kylin-release', version: '10-24.6', publisher: null, arch: 'noarch', installDate: null, source: 'rpm', guid: null, sizeBytes: null, systemCategory: 'System Environment/Base' },
    ]);
  });
});

describe('parseSnapList', () => {
  it('reads the columns, strips the verified/starred marks, skips disabled revisions', () => {
    const rows = parseSnapList(
      [
        'Name      Version          Rev    Tracking         Publisher   Notes',
        'core22    20240111         1122   latest/stable    canonical✓  base',
        'firefox   122.0-2          3728   latest/stable    mozilla**   -',
        'wps-2019  11.1.0.11698     8      latest/stable    kingsoft*   -',
        'local     0.1              x1     -                -           -',
        'old       1.0              5      latest/stable    someone     disabled',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.name, r.version, r.publisher, r.systemCategory, r.source])).toEqual([
      ['core22', '20240111', 'canonical', 'base', 'snap'],
      ['firefox', '122.0-2', 'mozilla', null, 'snap'],
      ['wps-2019', '11.1.0.11698', 'kingsoft', null, 'snap'],
      ['local', '0.1', null, null, 'snap'],
    ]);
  });

  it('gives nothing for "No snaps are installed yet"', () => {
    expect(parseSnapList("No snaps are installed yet. Try 'snap install hello-world'.\n")).toEqual([]);
    expect(parseSnapList('')).toEqual([]);
  });
});

describe('parseFlatpakList', () => {
  it('reads tab-separated name, application id, version, arch; publisher from the id when certain', () => {
    const rows = parseFlatpakList(
      ['GIMP\torg.gimp.GIMP\t2.10.36\tx86_64\tstable\tflathub\tsystem', 'Firefox\torg.mozilla.firefox\t122.0\tx86_64\tstable\tflathub\tuser', '\tcom.example.NoName\t\tx86_64\tstable\tflathub\tsystem'].join('\n'),
    );
    expect(rows).toEqual([
      { name: 'GIMP', version: '2.10.36', publisher: 'GIMP', arch: 'x86_64', installDate: null, source: 'flatpak', guid: 'org.gimp.GIMP', sizeBytes: null, systemCategory: null },
      { name: 'Firefox', version: '122.0', publisher: 'Mozilla', arch: 'x86_64', installDate: null, source: 'flatpak', guid: 'org.mozilla.firefox', sizeBytes: null, systemCategory: null },
      { name: 'com.example.NoName', version: null, publisher: null, arch: 'x86_64', installDate: null, source: 'flatpak', guid: 'com.example.NoName', sizeBytes: null, systemCategory: null },
    ]);
  });
});
