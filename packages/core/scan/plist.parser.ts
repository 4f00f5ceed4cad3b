/**
 * A small parser for XML property lists (Info.plist). Binary plists are
 * converted to XML by `plutil` first (collect-macos.ts). Entities other than
 * the five predefined ones and character references are never expanded; the
 * DOCTYPE is skipped, not read.
 */

export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

export class PlistParseError extends Error {
  override name = 'PlistParseError';
}

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return PREDEFINED[e] ?? all;
  });
}

/** Parses the text of an XML plist into a JS value (the root object). */
export function parseXmlPlist(xml: string): PlistValue {
  let pos = 0;
  const fail = (why: string): never => {
    throw new PlistParseError(`${why} at offset ${pos}`);
  };

  /** Skips prolog, comments, DOCTYPE and whitespace; returns the next tag, text before it is returned separately. */
  const nextTag = (): { text: string; tag: Tag } => {
    let text = '';
    for (;;) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) fail('unexpected end');
      text += xml.slice(pos, lt);
      pos = lt;
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<?', pos)) {
        const end = xml.indexOf('?>', pos);
        if (end < 0) fail('unterminated declaration');
        pos = end + 2;
        continue;
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos);
        if (end < 0) fail('unterminated CDATA');
        text += xml.slice(pos + 9, end).replace(/&/g, '&amp;').replace(/</g, '&lt;');
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<!', pos)) {
        // DOCTYPE: skipped with any internal subset, never interpreted.
        const bracket = xml.indexOf('[', pos);
        const gt = xml.indexOf('>', pos);
        if (gt < 0) fail('unterminated DOCTYPE');
        pos = bracket >= 0 && bracket < gt ? xml.indexOf(']>', bracket) + 2 : gt + 1;
        if (pos < 2) fail('unterminated DOCTYPE');
        continue;
      }
      const gt = xml.indexOf('>', pos);
      if (gt < 0) fail('unterminated tag');
      const body = xml.slice(pos + 1, gt);
      pos = gt + 1;
      const closing = body.startsWith('/');
      const selfClosing = body.endsWith('/');
      const name = body.replace(/^\//, '').replace(/\/$/, '').trim().split(/\s+/)[0] ?? '';
      return { text, tag: { name, closing, selfClosing } };
    }
  };

  /** The text content up to the closing tag of `name`. */
  const content = (name: string): string => {
    const { text, tag } = nextTag();
    if (!tag.closing || tag.name !== name) fail(`expected </${name}>`);
    return decodeEntities(text);
  };

  const value = (tag: Tag): PlistValue => {
    if (tag.closing) fail(`unexpected </${tag.name}>`);
    switch (tag.name) {
      case 'string':
        return tag.selfClosing ? '' : content('string');
      case 'integer': {
        const n = Number(content('integer').trim());
        return Number.isFinite(n) ? n : fail('bad integer');
      }
      case 'real': {
        const n = Number(content('real').trim());
        return Number.isNaN(n) ? fail('bad real') : n;
      }
      case 'true':
      case 'false':
        if (!tag.selfClosing) content(tag.name);
        return tag.name === 'true';
      case 'date':
        return new Date(content('date').trim());
      case 'data':
        return tag.selfClosing ? new Uint8Array(0) : new Uint8Array(Buffer.from(content('data').replace(/\s+/g, ''), 'base64'));
      case 'array': {
        const out: PlistValue[] = [];
        if (tag.selfClosing) return out;
        for (;;) {
          const { tag: t } = nextTag();
          if (t.closing && t.name === 'array') return out;
          out.push(value(t));
        }
      }
      case 'dict': {
        const out: { [key: string]: PlistValue } = Object.create(null);
        if (tag.selfClosing) return out;
        for (;;) {
          const { tag: k } = nextTag();
          if (k.closing && k.name === 'dict') return out;
          if (k.name !== 'key') fail(`expected <key>, found <${k.name}>`);
          const key = k.selfClosing ? '' : content('key');
          out[key] = value(nextTag().tag);
        }
      }
      default:
        return fail(`unknown element <${tag.name}>`);
    }
  };

  const { tag: root } = nextTag();
  if (root.name !== 'plist' || root.closing) fail('not a plist');
  if (root.selfClosing) fail('empty plist');
  return value(nextTag().tag);
}
