import fs from 'node:fs';
import type { Command } from 'commander';
import { collectInventory, countBySource } from '../../../packages/core/scan/collect.ts';
import { DEFAULT_KEY_NAME, createKeyFiles, defaultKeyDir, findKeyFile, listKeyFiles, loadSigningKey, publicKeyFileText, type SigningKey } from '../../../packages/core/scan/keys.ts';
import { buildResultFile, serializeResultFile, signResultFile, verifyResultFile } from '../../../packages/core/scan/result-file.ts';
import type { ScanCollection } from '../../../packages/core/scan/scan.types.ts';
import { uploadResultFile } from '../../../packages/core/scan/upload.ts';
import { printJson } from '../context.ts';

interface ScanOptions {
  out?: string;
  key?: string;
  keyName?: string;
  keyDir?: string;
  sign: boolean;
  upload?: string;
  user?: string;
  password?: string;
  tag?: string;
  timeout: string;
  json?: boolean;
}

/**
 * `zb scan` (our own scanner, 自有扫描工具) and `zb keys` (the inspectors'
 * signing keys): both work on the scanned machine, without a database.
 */
export function registerScan(program: Command) {
  const scan = program
    .command('scan')
    .description('Scan this machine: software and hardware identity; upload, or write a signed offline result file / 扫描本机软件与硬件标识')
    .option('-o, --out <file>', 'write the result file (signed when a key is given or the default key exists)')
    .option('--key <file>', 'private key file (PKCS8 PEM) to sign with')
    .option('--key-name <name>', `key by name in the key folder (default key: "${DEFAULT_KEY_NAME}")`)
    .option('--key-dir <dir>', 'key folder', defaultKeyDir())
    .option('--no-sign', 'do not sign, even when the default key exists')
    .option('--upload <url>', 'send the result to the server at URL (POST URL/api/agent/scan)')
    .option('--user <user>', 'agent user of the organization (for --upload)')
    .option('--password <password>', 'agent password (or ZB_AGENT_PASSWORD)')
    .option('--tag <tag>', 'tag carried with the inventory (e.g. the organization USCC)')
    .option('--timeout <seconds>', 'time limit of each collection command', '60')
    .option('--json', 'print JSON')
    .action(async (o: ScanOptions) => {
      const key = resolveKey(o);
      if (o.json !== true && process.stderr.isTTY) process.stderr.write('正在采集 / collecting…\n');
      const collection = await collectInventory({ tag: o.tag ?? null, commandTimeoutMs: Math.max(1, Number(o.timeout) || 60) * 1000 });
      if (!o.out && !o.upload) {
        if (o.json) printJson(collection.inventory);
        else printSummary(collection);
        return;
      }
      let file = buildResultFile(collection);
      if (key) file = signResultFile(file, key);
      const report: Record<string, unknown> = { software: file.inventory.software.length, signed: !!key, keyId: key?.keyId ?? null };
      if (o.out) {
        fs.writeFileSync(o.out, serializeResultFile(file));
        report.out = o.out;
        if (!o.json) console.log(`${o.out}: ${file.inventory.software.length} software, ${key ? `signed by ${key.signer} (key ${key.keyId}) / 已签名` : 'unsigned / 未签名'}`);
      }
      if (o.upload) {
        const r = await uploadResultFile(o.upload, file, { user: o.user, password: o.password ?? process.env.ZB_AGENT_PASSWORD });
        report.upload = r;
        if (r.ok && !o.json) console.log(`uploaded / 已上传: device ${r.deviceId ?? '?'}`);
        if (!r.ok) {
          console.error(`upload failed / 上传失败: ${r.code}: ${r.message}`);
          process.exitCode = 1;
        }
      }
      if (o.json) printJson(report);
    });

  scan
    .command('verify <file>')
    .description('Check that a result file is intact and signed / 校验结果文件是否完好、已签名')
    .option('--trust <keyIds>', 'comma-separated key ids to accept (others are refused)')
    .option('--json', 'print JSON')
    .action((file: string, own: { trust?: string; json?: boolean }) => {
      // The program parses options globally, so `zb scan verify F --json` hands --json to `scan`.
      const o = { ...own, json: own.json || (scan.opts() as ScanOptions).json };
      const r = verifyResultFile(fs.readFileSync(file), { trustedKeyIds: o.trust?.split(',').map((s) => s.trim()).filter(Boolean) });
      if (r.ok) {
        const inv = r.file.inventory;
        if (o.json) printJson({ ok: true, keyId: r.keyId, signer: r.signer, collectedAt: r.file.collectedAt, hostname: inv.hardware.hostname, software: inv.software.length });
        else console.log(`OK: 结果文件完好，签名人 ${r.signer} / intact, signed by ${r.signer} (key ${r.keyId}) — ${inv.hardware.hostname ?? '?'}, ${inv.software.length} software, collected ${r.file.collectedAt}`);
      } else {
        if (o.json) printJson({ ok: false, reason: r.reason, message: r.message });
        else console.error(`${r.reason}: ${r.message['zh-CN']} / ${r.message['en-US']}`);
        process.exitCode = 1;
      }
    });

  const keys = program.command('keys').description('Signing keys for offline scan result files / 离线结果文件签名密钥');
  keys
    .command('create')
    .description('Create an ed25519 key pair: <dir>/<name>.key (private, 0600) and <name>.pub / 创建签名密钥')
    .option('--dir <dir>', 'key folder', defaultKeyDir())
    .option('--name <name>', 'key name (the signer shown on verification)', DEFAULT_KEY_NAME)
    .option('--force', 'replace an existing key of that name')
    .option('--json', 'print JSON')
    .action((o: { dir: string; name: string; force?: boolean; json?: boolean }) => {
      const { keyFile, pubFile, key } = createKeyFiles({ dir: o.dir, name: o.name, force: o.force });
      const pubText = publicKeyFileText(key);
      if (o.json) printJson({ name: key.signer, keyId: key.keyId, publicKey: key.publicKey, keyFile, pubFile, pubText });
      else {
        console.log(`keyId:     ${key.keyId}`);
        console.log(`publicKey: ${key.publicKey}`);
        console.log(`private key / 私钥: ${keyFile}  (keep it on this computer / 请妥善保管，勿外传)`);
        console.log(`public key / 公钥:  ${pubFile}`);
        console.log('');
        console.log(pubText.trimEnd());
        console.log('');
        console.log(REGISTER_HINT);
      }
    });

  keys
    .command('list')
    .description('The keys of the key folder, with their key ids / 列出本机签名密钥')
    .option('--dir <dir>', 'key folder', defaultKeyDir())
    .option('--json', 'print JSON')
    .action((o: { dir: string; json?: boolean }) => {
      const { keys: found, errors } = listKeyFiles(o.dir);
      if (o.json) printJson({ dir: o.dir, keys: found, errors });
      else {
        if (!found.length && !errors.length) console.log(`${o.dir}: no keys / 没有密钥 (zb keys create)`);
        for (const k of found) console.log(`${k.name.padEnd(20)} ${k.keyId}  ${k.pubFile ?? '(no .pub / 无公钥文件)'}`);
        for (const e of errors) console.error(`${e.keyFile}: ${e.message}`);
      }
      if (errors.length) process.exitCode = 1;
    });
}

/** Where the public key goes: the server trusts only registered keys for inspection uploads. */
const REGISTER_HINT = [
  '请登录网页，在“个人设置 → 签名密钥”中粘贴上面的公钥内容（或上传 .pub 文件）进行登记；未登记的密钥签名的督查结果文件会被拒收。',
  'Register this public key in the web UI under Settings → Signing keys (paste the text above or upload the .pub file); inspection files signed by an unregistered key are refused.',
].join('\n');

/** --key FILE, else --key-name NAME, else the default key when it exists (unless --no-sign). */
function resolveKey(o: ScanOptions): SigningKey | null {
  if (!o.sign) return null;
  if (o.key) return loadSigningKey(o.key);
  const dir = o.keyDir ?? defaultKeyDir();
  if (o.keyName) {
    const f = findKeyFile(dir, o.keyName);
    if (!f) throw new Error(`no key "${o.keyName}" in ${dir} (zb keys create --name ${o.keyName}) / 找不到密钥`);
    return loadSigningKey(f);
  }
  const f = o.out || o.upload ? findKeyFile(dir) : null;
  return f ? loadSigningKey(f) : null;
}

function printSummary(c: ScanCollection): void {
  const hw = c.inventory.hardware;
  const by = Object.entries(countBySource(c.inventory.software))
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    .join(', ');
  const dash = (v: string | number | null) => (v === null ? '—' : String(v));
  console.log(`主机 Host:       ${dash(hw.hostname)}`);
  console.log(`系统 OS:         ${[hw.osName, hw.osVersion, hw.osArch].filter(Boolean).join(' ') || '—'}`);
  console.log(`型号 Model:      ${[hw.manufacturer, hw.model].filter(Boolean).join(' ') || '—'}`);
  console.log(`UUID:            ${dash(hw.uuid)}`);
  console.log(`序列号 Serial:   ${dash(hw.serial)}`);
  console.log(`MAC:             ${hw.macs.join(', ') || '—'}`);
  console.log(`设备标识 Agent id: ${dash(hw.agentDeviceId)}`);
  console.log(`软件 Software:   ${c.inventory.software.length.toLocaleString('en-US')}${by ? ` (${by})` : ''}`);
  console.log(`采集器 Collectors: ${c.collectors.join(', ') || '—'}`);
  for (const w of c.warnings) console.log(`警告 Warning: ${w}`);
}
