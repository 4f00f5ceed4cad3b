/**
 * A parser for `.reg` files as `reg export` and regedit write them:
 * "Windows Registry Editor Version 5.00" (UTF-16LE with BOM, or UTF-8) and
 * "REGEDIT4" (ANSI: the machine's code page; GB18030 is assumed for text that
 * is not UTF-8 since Chinese Windows uses code page 936).
 *
 * Grammar handled: `[KEY]` and `[-KEY]` (deletion); `@` or `"name"` (with
 * `\\` and `\"` escapes) `=` then `"string"`, `dword:XXXXXXXX`, `hex:…`,
 * `hex(N):…` or `-` (value deletion); hex data continued over lines ending
 * in `\`; strings holding line breaks; `;` comments.
 */
import { InventoryParseError } from '../inventory/inventory.types.ts';

/** Registry value types by their `hex(N)` number. */
const HEX_TYPES: Readonly<Record<number, RegValueType>> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
};

export type RegValueType = 'REG_NONE' | 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_BINARY' | 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN' | 'REG_MULTI_SZ' | 'REG_QWORD' | 'REG_UNKNOWN';

/** One value of a key. Strings are decoded; numbers are numbers; the rest keeps its bytes. */
export type RegValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN'; data: number }
  | { type: 'REG_QWORD'; data: bigint }
  | { type: 'REG_NONE' | 'REG_BINARY' | 'REG_UNKNOWN'; data: Uint8Array; hexType?: number }
  /** `"name"=-`: the value is deleted */
  | { type: 'DELETE'; data: null };

/** One `[KEY]` block. */
export interface RegKey {
  /** Full path as written, e.g. HKEY_LOCAL_MACHINE\SOFTWARE\…\Uninstall\{GUID} */
  path: string;
  /** `[-KEY]`: the key and its subkeys are deleted */
  deleted: boolean;
  /** Values by name; the default value is named '@'. Later duplicates win. */
  values: Map<string, RegValue>;
}

export interface RegExport {
  version: 'REGEDIT5' | 'REGEDIT4';
  keys: RegKey[];
  /** Lines that could not be read, skipped: `line N: why`. One odd value must not lose a whole inventory. */
  problems: string[];
}

/** Options for text that is neither UTF-16 nor valid UTF-8. */
export interface RegParseOptions {
  /** TextDecoder label for ANSI text; default 'gb18030' (code page 936). */
  ansiEncoding?: string;
}

/** Turns the bytes of a .reg file into text, whatever encoding regedit used. */
export function decodeRegFile(buf: Uint8Array, opts: RegParseOptions = {}): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8').decode(buf.subarray(3));
  // UTF-16LE without a BOM: "W\0i\0n\0…" or "R\0E\0G\0…"
  if (buf.length >= 4 && buf[1] === 0 && buf[3] === 0 && buf[0] !== 0) return new TextDecoder('utf-16le').decode(buf);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder(opts.ansiEncoding ?? 'gb18030').decode(buf);
  }
}

/**
 * Parses a .reg export (bytes or already-decoded text) into its keys in
 * file order. Throws InventoryParseError only when the header is missing;
 * unreadable lines are skipped and listed in `problems`.
 */
export function parseRegExport(input: Uint8Array | string, opts: RegParseOptions = {}): RegExport {
  const text = (typeof input === 'string' ? input : decodeRegFile(input, opts)).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const header = (lines[i] ?? '').trim();
  const version = header === 'Windows Registry Editor Version 5.00' ? 'REGEDIT5' : header === 'REGEDIT4' ? 'REGEDIT4' : null;
  if (!version) throw new InventoryParseError('not-a-reg-export', `expected "Windows Registry Editor Version 5.00" or "REGEDIT4", found "${header.slice(0, 60)}"`);
  // In REGEDIT4 files, hex(1)/hex(2)/hex(7) strings are ANSI bytes; in version 5 UTF-16LE.
  const decodeString = version === 'REGEDIT5' ? utf16String : (b: Uint8Array) => new TextDecoder(opts.ansiEncoding ?? 'gb18030').decode(b);

  const keys: RegKey[] = [];
  const problems: string[] = [];
  let current: RegKey | null = null;
  for (i++; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const deleted = line.startsWith('[-');
      current = { path: line.slice(deleted ? 2 : 1, -1), deleted, values: new Map() };
      keys.push(current);
      continue;
    }
    const nameEnd = valueNameEnd(line);
    if (nameEnd < 0) {
      problems.push(`line ${lineNo}: not a key or value: ${line.slice(0, 80)}`);
      continue;
    }
    if (/^hex(\([0-9a-f]+\))?:/i.test(line.slice(nameEnd + 1))) {
      // Hex data goes on over the following lines while a line ends with a backslash.
      while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trim();
    } else if (line[nameEnd + 1] === '"') {
      // A string holding line breaks is written over several lines, unescaped.
      line = lines[i]!.trimStart();
      while (!closedString(line.slice(nameEnd + 1)) && i + 1 < lines.length && !/^\[.*\]$/.test(lines[i + 1]!.trim())) line += `\n${lines[++i]!}`;
      line = line.trimEnd();
    }
    if (!current) {
      problems.push(`line ${lineNo}: value outside of a key`);
      continue;
    }
    const rawName = line.slice(0, nameEnd);
    const name = rawName === '@' ? '@' : unescapeRegString(rawName.slice(1, -1));
    try {
      current.values.set(name, parseData(line.slice(nameEnd + 1), lineNo, decodeString));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { version, keys, problems };
}

/** True when `"…"` is one complete quoted string (escapes honoured). */
function closedString(s: string): boolean {
  const t = s.trimEnd();
  for (let j = 1; j < t.length; j++) {
    if (t[j] === '\\') j++;
    else if (t[j] === '"') return j === t.length - 1;
  }
  return false;
}

/** Index of the `=` after a value name (`@` or a quoted string), or -1. */
function valueNameEnd(line: string): number {
  if (line.startsWith('@=')) return 1;
  if (!line.startsWith('"')) return -1;
  for (let j = 1; j < line.length; j++) {
    if (line[j] === '\\') j++;
    else if (line[j] === '"') return line[j + 1] === '=' ? j + 1 : -1;
  }
  return -1;
}

/** Undoes regedit's escapes: `\\` → `\`, `\"` → `"`; any other backslash stays. */
function unescapeRegString(s: string): string {
  return s.replace(/\\([\\"])/g, '$1');
}

function parseData(data: string, lineNo: number, decodeString: (b: Uint8Array) => string): RegValue {
  if (data === '-') return { type: 'DELETE', data: null };
  if (data.startsWith('"')) {
    if (!closedString(data)) throw new InventoryParseError('bad-reg-line', `line ${lineNo}: unterminated string`);
    return { type: 'REG_SZ', data: unescapeRegString(data.slice(1, -1)) };
  }
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1]!, 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (!hex) throw new InventoryParseError('bad-reg-line', `line ${lineNo}: unknown data "${data.slice(0, 40)}"`);
  const hexType = hex[1] === undefined ? 3 : parseInt(hex[1], 16);
  const bytes = hexBytes(hex[2]!, lineNo);
  const type = HEX_TYPES[hexType] ?? 'REG_UNKNOWN';
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data: trimNul(decodeString(bytes)) };
    case 'REG_MULTI_SZ':
    {
      const all = trimNul(decodeString(bytes));
      return { type, data: all === '' ? [] : all.split('\u0000') };
    }
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN': {
      if (bytes.length < 4) return { type: 'REG_UNKNOWN', data: bytes, hexType };
      const v = new DataView(bytes.buffer, bytes.byteOffset, 4);
      return { type, data: v.getUint32(0, type === 'REG_DWORD') };
    }
    case 'REG_QWORD':
      if (bytes.length < 8) return { type: 'REG_UNKNOWN', data: bytes, hexType };
      return { type, data: new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) };
    case 'REG_NONE':
    case 'REG_BINARY':
    case 'REG_UNKNOWN':
      return type === 'REG_UNKNOWN' ? { type, data: bytes, hexType } : { type, data: bytes };
  }
}

/** "de,ad,be,ef" (spaces allowed) → bytes. */
function hexBytes(s: string, lineNo: number): Uint8Array {
  const t = s.replace(/\s+/g, '');
  if (t === '') return new Uint8Array(0);
  const parts = t.split(',').filter((p) => p !== '');
  const out = new Uint8Array(parts.length);
  parts.forEach((p, k) => {
    if (!/^[0-9a-f]{1,2}$/i.test(p)) throw new InventoryParseError('bad-reg-line', `line ${lineNo}: bad hex byte "${p}"`);
    out[k] = parseInt(p, 16);
  });
  return out;
}

function utf16String(b: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(b.length % 2 ? b.subarray(0, b.length - 1) : b);
}

/** Strings in hex form end with one NUL (two for multi-strings). */
function trimNul(s: string): string {
  return s.replace(/\u0000+$/, '');
}

/** A value as text: strings as they are, a multi-string's first item, numbers in decimal; else null. */
export function regText(values: Map<string, RegValue>, name: string): string | null {
  const v = getValue(values, name);
  if (!v) return null;
  switch (v.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return v.data;
    case 'REG_MULTI_SZ':
      return v.data[0] ?? null;
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN':
    case 'REG_QWORD':
      return String(v.data);
    default:
      return null;
  }
}

/** A value as a number: DWORD/QWORD, or a string of digits; else null. */
export function regNumber(values: Map<string, RegValue>, name: string): number | null {
  const v = getValue(values, name);
  if (!v) return null;
  if (v.type === 'REG_DWORD' || v.type === 'REG_DWORD_BIG_ENDIAN') return v.data;
  if (v.type === 'REG_QWORD') return Number(v.data);
  if ((v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') && /^\s*\d+\s*$/.test(v.data)) return Number(v.data);
  return null;
}

/** Value names are case-insensitive in the registry. */
export function getValue(values: Map<string, RegValue>, name: string): RegValue | undefined {
  const exact = values.get(name);
  if (exact) return exact.type === 'DELETE' ? undefined : exact;
  const low = name.toLowerCase();
  for (const [k, v] of values) if (k.toLowerCase() === low) return v.type === 'DELETE' ? undefined : v;
  return undefined;
}
