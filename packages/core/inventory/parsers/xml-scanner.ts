import { InventoryParseError } from '../inventory.types.ts';

/**
 * A small, strict, non-recursive XML tokenizer for the documents agents and
 * users send us. It checks well-formedness (tags balanced, one root,
 * attributes quoted and unique, references valid), knows only the five
 * predefined entities and character references, refuses any `<!DOCTYPE` /
 * `<!ENTITY`, and keeps open elements on an explicit stack bounded by
 * `maxDepth`, so neither entity expansion nor deep nesting can hurt us.
 *
 * It is deliberately lenient on one point: characters outside the XML 1.0
 * Char production (control characters in registry strings) are passed
 * through; `cleanText` strips them.
 *
 * Callers receive text as source ranges and decode only what they keep,
 * which is what makes the OCS parser fast.
 */

/** One attribute, value decoded. Prefixes are kept in the name (`xml:lang`, `xmlns:sha256`). */
export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

/** How a text range must be read: plain, with references to decode, or CDATA (verbatim). */
export const TEXT_PLAIN = 0;
export const TEXT_REFS = 1;
export const TEXT_CDATA = 2;
export type TextKind = typeof TEXT_PLAIN | typeof TEXT_REFS | typeof TEXT_CDATA;

/** Receives the document as it is scanned. */
export interface XmlVisitor {
  /** A start tag; for `<a/>` open (selfClosing true) is followed by close. */
  open(name: string, attrs: readonly XmlAttribute[], selfClosing: boolean): void;
  /** Character data inside the root element: `src.slice(start, end)`, read per `kind` (see `textOf`). */
  text(src: string, start: number, end: number, kind: TextKind): void;
  close(name: string): void;
}

export interface XmlScanOptions {
  /** Deepest element nesting accepted (default 512); deeper documents are refused with `xml-too-deep`. */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 512;

const NO_ATTRS: readonly XmlAttribute[] = Object.freeze([]);

/** 1-based line and column of a source offset. */
export function lineColumn(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, src.length);
  for (let i = src.indexOf('\n'); i >= 0 && i < end; i = src.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** `xml-malformed` with the position, e.g. "line 3, column 7: </B> does not close <A>". */
export function xmlError(src: string, pos: number, message: string): InventoryParseError {
  const { line, column } = lineColumn(src, pos);
  return new InventoryParseError('xml-malformed', `line ${line}, column ${column}: ${message}`);
}

// ASCII classes for names: 0 name character, 1 ends a name (white space, '/', '>', '='), 2 not allowed.
const NAME_CLASS = new Uint8Array(128).fill(2);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._:-]/.test(ch)) NAME_CLASS[c] = 0;
}
for (const ch of ' \t\r\n/>=') NAME_CLASS[ch.charCodeAt(0)] = 1;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !Number.isNaN(c));
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function onlyWhitespace(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWs(src.charCodeAt(i))) return false;
  return true;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character(s) of the reference `&…;` spanning [amp, semi]. */
function referenceValue(src: string, amp: number, semi: number): string {
  const body = src.slice(amp + 1, semi);
  const named = PREDEFINED[body];
  if (named !== undefined) return named;
  if (body.charCodeAt(0) === 35) {
    const hex = body.charCodeAt(1) === 120;
    const digits = body.slice(hex ? 2 : 1);
    if (digits && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) {
      const cp = parseInt(digits, hex ? 16 : 10);
      const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (ok) return String.fromCodePoint(cp);
    }
    throw xmlError(src, amp, `invalid character reference &${body};`);
  }
  throw xmlError(src, amp, `undefined entity &${body}; (only &amp; &lt; &gt; &quot; &apos; and character references are accepted)`);
}

/** Decodes the references in src[start, end). */
function decodeReferences(src: string, start: number, end: number): string {
  let out = '';
  let last = start;
  for (let i = start; i < end; i++) {
    if (src.charCodeAt(i) !== 38) continue;
    let semi = -1;
    for (let k = i + 1; k < end && k < i + 12; k++) {
      if (src.charCodeAt(k) === 59) {
        semi = k;
        break;
      }
    }
    if (semi < 0) throw xmlError(src, i, 'bare "&" (write &amp;)');
    out += src.slice(last, i) + referenceValue(src, i, semi);
    last = semi + 1;
    i = semi;
  }
  return out + src.slice(last, end);
}

/** Checks the references in src[start, end) without building the decoded text (the scanner's pass over text nobody reads). */
function checkReferences(src: string, start: number, end: number): void {
  for (let i = src.indexOf('&', start); i >= 0 && i < end; i = src.indexOf('&', i + 1)) {
    const c1 = src.charCodeAt(i + 1);
    // The common cases, without slicing: &amp; &lt; &gt; &quot; &apos;
    if ((c1 === 97 && (src.startsWith('amp;', i + 1) || src.startsWith('apos;', i + 1))) || (c1 === 113 && src.startsWith('quot;', i + 1)) || ((c1 === 108 || c1 === 103) && src.charCodeAt(i + 2) === 116 && src.charCodeAt(i + 3) === 59)) continue;
    let semi = -1;
    for (let k = i + 1; k < end && k < i + 12; k++) {
      if (src.charCodeAt(k) === 59) {
        semi = k;
        break;
      }
    }
    if (semi < 0) throw xmlError(src, i, 'bare "&" (write &amp;)');
    referenceValue(src, i, semi);
  }
}

/** The text of a range passed to `XmlVisitor.text`. */
export function textOf(src: string, start: number, end: number, kind: TextKind): string {
  return kind === TEXT_REFS ? decodeReferences(src, start, end) : src.slice(start, end);
}

function decodeAttribute(src: string, start: number, end: number): string {
  let hasRef = false;
  let hasWs = false;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 38) hasRef = true;
    else if (c === 60) throw xmlError(src, i, '"<" in an attribute value');
    else if (c === 9 || c === 10 || c === 13) hasWs = true;
  }
  if (!hasWs) return hasRef ? decodeReferences(src, start, end) : src.slice(start, end);
  // Attribute-value normalisation: literal white space becomes a space (references are kept as written).
  const raw = src.slice(start, end).replace(/\r\n|[\t\n\r]/g, ' ');
  return hasRef ? decodeReferences(raw, 0, raw.length) : raw;
}

function readAttributes(src: string, j: number): { attrs: XmlAttribute[]; selfClosing: boolean; end: number } {
  const n = src.length;
  const attrs: XmlAttribute[] = [];
  for (;;) {
    const before = j;
    while (j < n && isWs(src.charCodeAt(j))) j++;
    if (j >= n) throw xmlError(src, j, 'unexpected end of document inside a tag (truncated?)');
    const c = src.charCodeAt(j);
    if (c === 62) return { attrs, selfClosing: false, end: j + 1 };
    if (c === 47) {
      if (src.charCodeAt(j + 1) === 62) return { attrs, selfClosing: true, end: j + 2 };
      throw xmlError(src, j, 'expected "/>"');
    }
    if (j === before) throw xmlError(src, j, 'attributes must be separated by white space');
    if (!isNameStart(c)) throw xmlError(src, j, 'invalid attribute name');
    const nameStart = j++;
    while (j < n) {
      const ch = src.charCodeAt(j);
      if (ch < 128) {
        const k = NAME_CLASS[ch];
        if (k === 1) break;
        if (k === 2) throw xmlError(src, j, `invalid character "${src[j]}" in an attribute name`);
      }
      j++;
    }
    const name = src.slice(nameStart, j);
    while (j < n && isWs(src.charCodeAt(j))) j++;
    if (src.charCodeAt(j) !== 61) throw xmlError(src, j, j >= n ? 'unexpected end of document inside a tag (truncated?)' : `attribute ${name} has no value`);
    j++;
    while (j < n && isWs(src.charCodeAt(j))) j++;
    const q = src.charCodeAt(j);
    if (q !== 34 && q !== 39) throw xmlError(src, j, j >= n ? 'unexpected end of document inside a tag (truncated?)' : `the value of ${name} must be quoted`);
    const close = src.indexOf(q === 34 ? '"' : "'", j + 1);
    if (close < 0) throw xmlError(src, j, `unterminated value of attribute ${name} (truncated?)`);
    const value = decodeAttribute(src, j + 1, close);
    for (const a of attrs) if (a.name === name) throw xmlError(src, nameStart, `duplicate attribute ${name}`);
    attrs.push({ name, value });
    j = close + 1;
  }
}

/**
 * Scans a whole document (already decoded and screened by `prepareXml`),
 * calling the visitor for each tag and text range.
 *
 * @throws InventoryParseError `xml-malformed` (with line and column),
 *   `xml-entities-forbidden`, `xml-too-deep`
 */
export function scanXml(src: string, v: XmlVisitor, opts: XmlScanOptions = {}): void {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const n = src.length;
  const stack: string[] = [];
  const start = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = start;
  let seenRoot = false;
  let nextAmp = -1;
  while (i < n) {
    let lt = src.indexOf('<', i);
    if (lt < 0) lt = n;
    if (lt > i) {
      if (stack.length === 0) {
        if (!onlyWhitespace(src, i, lt)) throw xmlError(src, i, seenRoot ? 'text after the root element' : 'text before the root element');
      } else {
        if (nextAmp < i) {
          nextAmp = src.indexOf('&', i);
          if (nextAmp < 0) nextAmp = n;
        }
        let kind: TextKind = TEXT_PLAIN;
        if (nextAmp < lt) {
          kind = TEXT_REFS;
          checkReferences(src, nextAmp, lt); // callers decode only what they keep
        }
        v.text(src, i, lt, kind);
      }
    }
    if (lt >= n) break;
    const c = src.charCodeAt(lt + 1);
    if (c === 47) {
      const gt = src.indexOf('>', lt + 2);
      if (gt < 0) throw xmlError(src, lt, 'unexpected end of document inside a closing tag (truncated?)');
      let e = gt;
      while (e > lt + 2 && isWs(src.charCodeAt(e - 1))) e--;
      const name = src.slice(lt + 2, e);
      const open = stack.pop();
      if (open === undefined) throw xmlError(src, lt, `closing tag </${name}> without an opening tag`);
      if (open !== name) throw xmlError(src, lt, `</${name}> does not close <${open}>`);
      v.close(name);
      i = gt + 1;
    } else if (c === 33) {
      if (src.startsWith('!--', lt + 1)) {
        const e = src.indexOf('-->', lt + 4);
        if (e < 0) throw xmlError(src, lt, 'unterminated comment (truncated?)');
        i = e + 3;
      } else if (src.startsWith('![CDATA[', lt + 1)) {
        if (stack.length === 0) throw xmlError(src, lt, 'CDATA outside the root element');
        const e = src.indexOf(']]>', lt + 9);
        if (e < 0) throw xmlError(src, lt, 'unterminated CDATA section (truncated?)');
        v.text(src, lt + 9, e, TEXT_CDATA);
        i = e + 3;
      } else if (/^<!\s*(?:doctype|entity)/i.test(src.slice(lt, lt + 16))) {
        throw new InventoryParseError('xml-entities-forbidden', `DOCTYPE and ENTITY declarations are not accepted (found at offset ${lt})`);
      } else {
        throw xmlError(src, lt, 'unexpected markup "<!"');
      }
    } else if (c === 63) {
      const e = src.indexOf('?>', lt + 2);
      if (e < 0) throw xmlError(src, lt, 'unterminated processing instruction (truncated?)');
      const target = /^[^\s?]*/.exec(src.slice(lt + 2, Math.min(e, lt + 40)))![0];
      if (target.toLowerCase() === 'xml' && lt !== start) throw xmlError(src, lt, 'the XML declaration must come first');
      i = e + 2;
    } else {
      if (stack.length === 0 && seenRoot) throw xmlError(src, lt, 'a second root element');
      let j = lt + 1;
      if (!isNameStart(src.charCodeAt(j))) throw xmlError(src, lt, j >= n ? 'unexpected end of document (truncated?)' : 'invalid element name');
      j++;
      for (;;) {
        if (j >= n) throw xmlError(src, lt, 'unexpected end of document inside a tag (truncated?)');
        const ch = src.charCodeAt(j);
        if (ch < 128) {
          const k = NAME_CLASS[ch];
          if (k === 1) break;
          if (k === 2) throw xmlError(src, j, `invalid character "${src[j]}" in an element name`);
        }
        j++;
      }
      const name = src.slice(lt + 1, j);
      let attrs = NO_ATTRS;
      let selfClosing = false;
      const ch = src.charCodeAt(j);
      if (ch === 62) {
        i = j + 1;
      } else if (ch === 47 && src.charCodeAt(j + 1) === 62) {
        selfClosing = true;
        i = j + 2;
      } else if (ch === 61) {
        throw xmlError(src, j, 'invalid element name');
      } else {
        const r = readAttributes(src, j);
        attrs = r.attrs;
        selfClosing = r.selfClosing;
        i = r.end;
      }
      seenRoot = true;
      if (selfClosing) {
        v.open(name, attrs, true);
        v.close(name);
      } else {
        if (stack.length >= maxDepth) throw new InventoryParseError('xml-too-deep', `elements nested more than ${maxDepth} levels deep`);
        stack.push(name);
        v.open(name, attrs, false);
      }
    }
  }
  if (stack.length > 0) throw xmlError(src, n, `unexpected end of document: <${stack[stack.length - 1]}> is not closed (truncated?)`);
  if (!seenRoot) throw xmlError(src, n, 'no root element');
}
