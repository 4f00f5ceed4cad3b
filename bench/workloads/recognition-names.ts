import { prng } from '../../packages/storage/seeds/uscc-generator.ts';
import type { RecognitionInput } from '../../packages/contracts/index.ts';

/**
 * Generated raw names for the recognition workloads: the shapes inventory
 * agents report (Add/Remove Programs names with versions, languages and
 * architectures, dpkg and rpm package names, macOS bundles), with a share of
 * names no rule knows. Deterministic: the same names on every run.
 */

/** Base names as they appear in the field (written here, not taken from the rule library). */
const WINDOWS = [
  'Microsoft Office Professional Plus {y}', 'Microsoft Office 专业增强版 {y}', 'Microsoft Office Standard {y}', 'Microsoft 365 Apps for enterprise', 'Microsoft Visio Professional {y}',
  'Microsoft Project Standard {y}', 'Microsoft Visual C++ {y} Redistributable', 'Microsoft .NET Framework 4.8', 'Microsoft Windows Desktop Runtime', 'Microsoft Edge', 'Microsoft Teams', 'Microsoft OneDrive',
  'Microsoft SQL Server {y} (64-bit)', 'Microsoft SQL Server {y} Express LocalDB', 'SQL Server {y} Database Engine Services', 'Microsoft Visual Studio Community {y}', 'Microsoft Visual Studio Code',
  'Security Update for Microsoft Office {y} (KB{kb}) 64-Bit Edition', 'Update for Microsoft Excel {y} (KB{kb})', 'Microsoft Office Proofing Tools {y} - English', 'Microsoft Access MUI (English) {y}',
  'Adobe Acrobat Reader DC', 'Adobe Acrobat DC', 'Adobe Photoshop {y}', 'Adobe Illustrator {y}', 'Adobe Premiere Pro {y}', 'Adobe Creative Cloud', 'Adobe Flash Player 34 NPAPI',
  'Autodesk AutoCAD {y} - 简体中文 (Simplified Chinese)', 'AutoCAD LT {y}', 'Autodesk Revit {y}', 'Autodesk 3ds Max {y}', 'Autodesk Material Library {y}', 'Autodesk DWG TrueView {y}',
  'WPS Office', 'WPS Office {y} 专业版', '金山毒霸', '腾讯QQ', '微信', '企业微信', '钉钉', '飞书', '腾讯会议', '搜狗输入法', '360安全卫士', '360杀毒', '火绒安全软件', '百度网盘', '迅雷',
  'Google Chrome', 'Mozilla Firefox ({a} zh-CN)', '7-Zip {v} ({a})', 'WinRAR {v} ({a})', 'Notepad++ ({a})', 'VLC media player', 'Git', 'Python {v} ({a})', 'Node.js', 'Java 8 Update {u}',
  'Foxit PDF Reader', 'Foxit PDF Editor', '福昕阅读器', 'ZWCAD {y} 简体中文', '中望CAD {y}', '浩辰CAD {y}', 'CAXA CAD 电子图板 {y}', 'T20天正建筑软件 V{v}', '广联达云计价平台GCCP6.0',
  '用友U8', '金蝶KIS专业版', 'VMware Workstation', 'MATLAB R{y}a', 'IBM SPSS Statistics {v}', 'ArcGIS Desktop {v}', 'CorelDRAW Graphics Suite {y}', 'TeamViewer', '向日葵远程控制',
  'Intel(R) Management Engine Components', 'Realtek High Definition Audio Driver', 'NVIDIA Graphics Driver {v}', 'Lenovo Vantage Service', 'HP LaserJet Pro MFP M{n} Basic Device Software',
  '中国工商银行网银助手', '增值税发票税控开票软件（税务UKey版）', 'Kingsoft PowerWord', 'Navicat Premium {v}', 'Xshell {v}', 'Everything {v}', 'Snipaste', 'PotPlayer', 'XMind',
];
const PACKAGES = ['libc6', 'bash', 'coreutils', 'systemd', 'openssh-server', 'python3', 'libreoffice-writer', 'firefox-esr', 'vim', 'gcc-12', 'libssl3', 'zlib1g', 'wps-office', 'linuxqq', 'google-chrome-stable', 'code', 'nginx', 'mysql-server', 'ukui-panel', 'dde-dock', 'kernel', 'glibc', 'java-17-openjdk'];
const MAC = ['Microsoft Word', 'Microsoft Excel', 'Safari', 'Xcode', 'Pages', 'Final Cut Pro', 'Adobe Photoshop {y}', '微信', 'Visual Studio Code', 'Docker'];
const LANGS = ['', ' - zh-cn', ' - en-us', ' - 简体中文', ' (Simplified Chinese)'];
const ARCHS = ['x64', 'x86', '64-bit', '32-bit'];
const YEARS = ['2010', '2013', '2016', '2019', '2021', '2022', '2023', '2024'];

function fill(template: string, rand: () => number, i: number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return template
    .replace('{y}', pick(YEARS))
    .replace('{kb}', String(4_000_000 + ((i * 7919) % 999_999)))
    .replace('{a}', pick(ARCHS))
    .replace('{v}', `${1 + (i % 23)}.${i % 10}`)
    .replace('{u}', String(100 + (i % 300)))
    .replace('{n}', String(100 + (i % 400)));
}

/** `count` distinct inputs: about 10% names no rule knows, 15% packages, 5% macOS, the rest Windows. */
export function distinctNames(count: number, seed = 4242): RecognitionInput[] {
  const rand = prng(seed);
  const seen = new Set<string>();
  const out: RecognitionInput[] = [];
  for (let i = 0; out.length < count; i++) {
    const roll = rand();
    let x: RecognitionInput;
    if (roll < 0.1) {
      x = { displayName: `Vendor${Math.floor(rand() * 5000)} Tool ${Math.floor(rand() * 900)}`, publisher: `Vendor${i % 700} Ltd.`, version: `${i % 9}.${i % 13}`, source: 'windows' };
    } else if (roll < 0.25) {
      x = { displayName: PACKAGES[Math.floor(rand() * PACKAGES.length)]!, publisher: 'Debian Maintainers <maint@example.org>', version: `${1 + (i % 5)}:${i % 11}.${i % 7}.${i % 100}-${1 + (i % 3)}`, source: rand() < 0.7 ? 'dpkg' : 'rpm' };
    } else if (roll < 0.3) {
      x = { displayName: fill(MAC[Math.floor(rand() * MAC.length)]!, rand, i), publisher: null, version: `${i % 30}.${i % 10}.${i % 7}`, source: 'macos' };
    } else {
      const name = fill(WINDOWS[Math.floor(rand() * WINDOWS.length)]!, rand, i) + LANGS[Math.floor(rand() * LANGS.length)]!;
      x = { displayName: name, publisher: rand() < 0.8 ? 'Example Publisher' : null, version: `${i % 40}.${i % 10}.${i % 1000}.${i % 97}`, source: 'windows' };
    }
    const key = `${x.source}|${x.displayName}|${x.publisher}|${x.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(x);
  }
  return out;
}

/**
 * `rows` install rows drawn from the distinct names, with a skew: popular
 * software is on most computers. Repeated rows are the same objects: pass
 * them through `asParsed` before timing anything.
 */
export function installRows(names: readonly RecognitionInput[], rows: number, seed = 7): RecognitionInput[] {
  const rand = prng(seed);
  const out: RecognitionInput[] = new Array(rows);
  // Every distinct name appears at least once; the rest follow a power law.
  for (let i = 0; i < rows; i++) out[i] = i < names.length ? names[i]! : names[Math.floor(names.length * rand() ** 3)]!;
  return out;
}

/**
 * The rows as a parser hands them over (an agent's JSON body, a database
 * driver): every row its own object and every string its own copy, with no
 * hash computed yet. Without this the repeated rows of `installRows` would
 * share one object and one set of strings, and a memo lookup would be
 * cheaper than on real input. A JSON round trip, in slices to keep the text
 * small; like any JSON body it internalises the short strings.
 */
export function asParsed(rows: readonly RecognitionInput[]): RecognitionInput[] {
  const out: RecognitionInput[] = new Array(rows.length);
  const SLICE = 10_000;
  for (let i = 0; i < rows.length; i += SLICE) {
    const part = JSON.parse(JSON.stringify(rows.slice(i, i + SLICE))) as RecognitionInput[];
    for (let k = 0; k < part.length; k++) out[i + k] = part[k]!;
  }
  return out;
}
