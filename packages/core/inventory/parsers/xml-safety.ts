import { InventoryParseError } from '../inventory.types.ts';

/**
 * The first line of defence for every XML document we accept from agents
 * and uploads: bytes are decoded by the declared (or BOM-signalled)
 * encoding, strictly, and documents that declare a DTD or entities are
 * refused before any parser sees them (XXE, "billion laughs").
 */

/** Encodings accepted in an XML declaration, by lower-case label → TextDecoder label. */
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  big5: 'big5',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** A decoded document and the encoding it was read with. */
export interface DecodedXml {
  text: string;
  /** TextDecoder label used (utf-8, utf-16le, utf-16be, windows-1252, gb18030, big5), `string` for text input */
  encoding: string;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. Only used to explain a failure. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    const c1 = b[i + 1]!;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += len;
  }
  return -1;
}

/**
 * windows-1252 characters of bytes 0x80–0x9F (the rest of the range is
 * ISO-8859-1). Node's TextDecoder decodes these bytes as C1 controls, and
 * agents that declare ISO-8859-1 on Windows really write windows-1252
 * (’ – € …), so both labels go through this table.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeWith(label: string, bytes: Uint8Array, declared: string): string {
  if (label === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = label === 'utf-8' ? firstInvalidUtf8(bytes) : -1;
    throw new InventoryParseError('xml-encoding-invalid', `the bytes are not valid ${declared}${at >= 0 ? ` (first bad byte at offset ${at})` : ''}`);
  }
}

/** The encoding named in `<?xml … encoding="…"?>`, lower-case, or null. Reads only ASCII. */
function declaredEncoding(b: Uint8Array): string | null {
  if (b.length < 5 || b[0] !== 0x3c || b[1] !== 0x3f) return null;
  const end = Math.min(b.length, 256);
  let head = '';
  for (let i = 0; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x80) break;
    head += String.fromCharCode(c);
    if (head.endsWith('?>')) break;
  }
  const m = /^<\?xml\s[^?]*?encoding\s*=\s*(["'])([^"']*)\1/i.exec(head);
  return m ? m[2]!.trim().toLowerCase() : null;
}

/**
 * Decodes XML bytes: a BOM wins (UTF-8, UTF-16 LE/BE); otherwise UTF-16
 * without BOM is recognised from `<?` and the declared encoding is used
 * (UTF-8 when none). Invalid byte sequences are refused, never replaced.
 *
 * @throws InventoryParseError `xml-encoding-unsupported` (UTF-32, EBCDIC,
 *   unknown labels), `xml-encoding-invalid` (bytes that don't decode).
 */
export function decodeXml(input: Uint8Array | string): DecodedXml {
  if (typeof input === 'string') return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'string' };
  const b = input;
  const b0 = b[0];
  const b1 = b[1];
  if ((b0 === 0x00 && b1 === 0x00) || (b0 === 0xff && b1 === 0xfe && b[2] === 0 && b[3] === 0) || (b0 === 0x4c && b1 === 0x6f && b[2] === 0xa7)) {
    throw new InventoryParseError('xml-encoding-unsupported', 'UTF-32 and EBCDIC documents are not accepted');
  }
  if (b0 === 0xef && b1 === 0xbb && b[2] === 0xbf) return { text: decodeWith('utf-8', b.subarray(3), 'UTF-8'), encoding: 'utf-8' };
  if (b0 === 0xff && b1 === 0xfe) return { text: decodeWith('utf-16le', b.subarray(2), 'UTF-16LE'), encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { text: decodeWith('utf-16be', b.subarray(2), 'UTF-16BE'), encoding: 'utf-16be' };
  // UTF-16 without BOM: "<" and the next ASCII character, each with a zero byte.
  if (b0 !== 0x00 && b1 === 0x00 && b[2] !== 0x00 && b[3] === 0x00) return { text: decodeWith('utf-16le', b, 'UTF-16LE'), encoding: 'utf-16le' };
  if (b0 === 0x00 && b1 !== 0x00 && b[2] === 0x00 && b[3] !== 0x00) return { text: decodeWith('utf-16be', b, 'UTF-16BE'), encoding: 'utf-16be' };
  const declared = declaredEncoding(b);
  if (declared === null) return { text: decodeWith('utf-8', b, 'UTF-8'), encoding: 'utf-8' };
  const label = ENCODINGS[declared];
  if (!label) throw new InventoryParseError('xml-encoding-unsupported', `encoding "${declared}" is not supported (use UTF-8, UTF-16, GBK/GB18030, Big5 or ISO-8859-1)`);
  if (label.startsWith('utf-16')) {
    // An ASCII-readable declaration means the bytes are not UTF-16.
    throw new InventoryParseError('xml-encoding-invalid', `the document declares ${declared} but is written in an 8-bit encoding`);
  }
  return { text: decodeWith(label, b, declared.toUpperCase()), encoding: label };
}

const DTD = /<!\s*(?:doctype|entity)/iy;

/**
 * Refuses documents that declare a DTD or entities, wherever the declaration
 * sits (even inside a comment or CDATA: no legitimate inventory needs one).
 *
 * @throws InventoryParseError `xml-entities-forbidden`
 */
export function assertNoDtd(text: string): void {
  // "!" is rare in XML while "<" is everywhere: look for "!" and check what precedes it.
  for (let b = text.indexOf('!'); b >= 0; b = text.indexOf('!', b + 1)) {
    if (b === 0 || text.charCodeAt(b - 1) !== 60) continue;
    const i = b - 1;
    DTD.lastIndex = i;
    if (DTD.test(text)) throw new InventoryParseError('xml-entities-forbidden', `DOCTYPE and ENTITY declarations are not accepted (found at offset ${i})`);
  }
}

/** Decodes and screens an XML document: the text every XML parser here starts from. */
export function prepareXml(input: Uint8Array | string): string {
  const { text } = decodeXml(input);
  assertNoDtd(text);
  return text;
}
