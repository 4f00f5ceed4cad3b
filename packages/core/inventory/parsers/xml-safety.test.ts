import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { assertNoDtd, decodeXml, prepareXml } from './xml-safety.ts';
import { scanXml, textOf, type XmlVisitor } from './xml-scanner.ts';
import { parseXmlTree } from './xml-tree.ts';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InventoryParseError) return `${e.reason}${e.detail ? `: ${e.detail}` : ''}`;
    throw e;
  }
  return 'no error';
}

/** Collects the text of every element, decoded, in document order. */
function texts(xml: string): string[] {
  const out: string[] = [];
  const v: XmlVisitor = { open() {}, close() {}, text: (s, a, b, k) => void out.push(textOf(s, a, b, k)) };
  scanXml(prepareXml(xml), v);
  return out.filter((t) => t.trim() !== '');
}

const doc = '<?xml version="1.0" encoding="UTF-8"?><R><N>中文 Ä</N></R>';

describe('decodeXml: encodings', () => {
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeXml(Buffer.from(doc)).text).toContain('中文 Ä');
    const bom = decodeXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]));
    expect(bom.text.startsWith('<?xml')).toBe(true);
    expect(bom.encoding).toBe('utf-8');
  });

  it('reads UTF-16 LE and BE with BOM, and without BOM from "<?"', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect(decodeXml(le)).toMatchObject({ encoding: 'utf-16le' });
    expect(decodeXml(le).text).toContain('中文 Ä');
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeXml(be).text).toContain('中文 Ä');
    expect(decodeXml(Buffer.from(doc, 'utf16le')).text).toContain('中文 Ä');
  });

  it('reads GBK, GB2312, GB18030 and ISO-8859-1 / windows-1252 as declared', () => {
    const gbk = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="GBK"?><R>'), 0xd6, 0xd0, 0xce, 0xc4, ...Buffer.from('</R>')]);
    expect(decodeXml(gbk).text).toBe('<?xml version="1.0" encoding="GBK"?><R>中文</R>');
    expect(decodeXml(Buffer.from(gbk.toString('latin1').replace('GBK', 'gb2312'), 'latin1')).text).toContain('中文');
    expect(decodeXml(Buffer.from(gbk.toString('latin1').replace('GBK', 'GB18030'), 'latin1')).text).toContain('中文');
    const latin = Buffer.from([...Buffer.from("<?xml version='1.0' encoding='ISO-8859-1'?><R>"), 0xc4, 0x80, ...Buffer.from('</R>')]);
    expect(decodeXml(latin).text).toContain('Ä€');
    expect(decodeXml(Buffer.from(latin.toString('latin1').replace('ISO-8859-1', 'windows-1252'), 'latin1')).text).toContain('Ä€');
  });

  it('refuses unknown encodings and UTF-32', () => {
    expect(reason(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="KOI8-R"?><R/>')))).toMatch(/^xml-encoding-unsupported: encoding "koi8-r"/);
    expect(reason(() => decodeXml(Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x3c])))).toMatch(/^xml-encoding-unsupported/);
  });

  it('refuses invalid UTF-8 and says where', () => {
    const bad = Buffer.concat([Buffer.from('<R>ab'), Buffer.from([0xc3, 0x28]), Buffer.from('</R>')]);
    expect(reason(() => decodeXml(bad))).toBe('xml-encoding-invalid: the bytes are not valid UTF-8 (first bad byte at offset 5)');
    const overlong = Buffer.concat([Buffer.from('<R>'), Buffer.from([0xe0, 0x80, 0xaf]), Buffer.from('</R>')]);
    expect(reason(() => decodeXml(overlong))).toMatch(/^xml-encoding-invalid/);
  });

  it('refuses a wrong encoding declaration', () => {
    // GBK bytes declared as UTF-8: not valid UTF-8.
    const gbkAsUtf8 = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="UTF-8"?><R>'), 0xd6, 0xd0, 0xce, 0xc4, ...Buffer.from('</R>')]);
    expect(reason(() => decodeXml(gbkAsUtf8))).toMatch(/^xml-encoding-invalid/);
    // An ASCII-readable document that claims to be UTF-16.
    expect(reason(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><R/>')))).toMatch(/^xml-encoding-invalid: the document declares utf-16/);
    // Bytes that are not GBK.
    const notGbk = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="GBK"?><R>'), 0x81, 0x20, ...Buffer.from('</R>')]);
    expect(reason(() => decodeXml(notGbk))).toMatch(/^xml-encoding-invalid/);
  });
});

describe('DTD and entities are refused before parsing', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<REQUEST><QUERY>&lol3;</QUERY></REQUEST>`;
  const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><REQUEST><DEVICEID>&xxe;</DEVICEID></REQUEST>';

  it.each([
    ['billion laughs', laughs],
    ['XXE', xxe],
    ['lower-case doctype', '<!doctype r><r/>'],
    ['a bare ENTITY', '<r><!ENTITY x "y"></r>'],
    ['a DOCTYPE hidden in a comment', '<r><!-- <!DOCTYPE r> --></r>'],
    ['a DOCTYPE in UTF-16', Buffer.from('<!DOCTYPE r><r/>', 'utf16le')],
    ['parameter entities', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil/x.dtd"> %p;]><r/>'],
  ])('%s', (_, input) => {
    expect(reason(() => prepareXml(input))).toMatch(/^xml-entities-forbidden/);
  });

  it('the scanner refuses them on its own too', () => {
    expect(reason(() => scanXml(xxe, { open() {}, close() {}, text() {} }))).toMatch(/^xml-entities-forbidden/);
  });

  it('lets documents without one through', () => {
    expect(() => assertNoDtd('<r a="!">x ! y <![CDATA[<!x>]]></r>')).not.toThrow();
  });
});

describe('scanXml: well-formedness', () => {
  it.each([
    ['<REQUEST><QUERY>INVENTORY</QUERY>', 'xml-malformed: line 1, column 34: unexpected end of document: <REQUEST> is not closed (truncated?)'],
    ['<REQUEST><QUERY>INVENTORY</QUE', 'xml-malformed: line 1, column 26: unexpected end of document inside a closing tag (truncated?)'],
    ['<REQUEST>\n  <QUERY>INV', 'xml-malformed: line 2, column 13: unexpected end of document: <QUERY> is not closed (truncated?)'],
    ['<REQUEST><QUE', 'xml-malformed: line 1, column 10: unexpected end of document inside a tag (truncated?)'],
    ['<R a="1', 'xml-malformed: line 1, column 6: unterminated value of attribute a (truncated?)'],
    ['<R><!-- x', 'xml-malformed: line 1, column 4: unterminated comment (truncated?)'],
    ['<R><![CDATA[x', 'xml-malformed: line 1, column 4: unterminated CDATA section (truncated?)'],
    ['', 'xml-malformed: line 1, column 1: no root element'],
    ['<A>\n<B></A></B>', 'xml-malformed: line 2, column 4: </A> does not close <B>'],
    ['<A/><B/>', 'xml-malformed: line 1, column 5: a second root element'],
    ['<A/>junk', 'xml-malformed: line 1, column 5: text after the root element'],
    ['junk<A/>', 'xml-malformed: line 1, column 1: text before the root element'],
    ['</A>', 'xml-malformed: line 1, column 1: closing tag </A> without an opening tag'],
    ['<A>fish & chips</A>', 'xml-malformed: line 1, column 9: bare "&" (write &amp;)'],
    ['<A>&nbsp;</A>', 'xml-malformed: line 1, column 4: undefined entity &nbsp; (only &amp; &lt; &gt; &quot; &apos; and character references are accepted)'],
    ['<A>&#0;</A>', 'xml-malformed: line 1, column 4: invalid character reference &#0;'],
    ['<A>&#xD800;</A>', 'xml-malformed: line 1, column 4: invalid character reference &#xD800;'],
    ['<A b="1" b="2"/>', 'xml-malformed: line 1, column 10: duplicate attribute b'],
    ['<A b=1/>', 'xml-malformed: line 1, column 6: the value of b must be quoted'],
    ['<A b="<"/>', 'xml-malformed: line 1, column 7: "<" in an attribute value'],
    ['<A b="1"c="2"/>', 'xml-malformed: line 1, column 9: attributes must be separated by white space'],
    ['<1A/>', 'xml-malformed: line 1, column 1: invalid element name'],
    ['<A"/>', 'xml-malformed: line 1, column 3: invalid character """ in an element name'],
    ['<A/><?xml version="1.0"?>', 'xml-malformed: line 1, column 5: the XML declaration must come first'],
  ])('%j', (xml, expected) => {
    expect(reason(() => scanXml(xml, { open() {}, close() {}, text() {} }))).toBe(expected);
  });

  it('decodes character references, predefined entities and CDATA', () => {
    expect(texts('<R><A>&amp; &lt; &gt; &quot; &apos; &#x4E2D;&#25991; &#x1F600;</A><B><![CDATA[<raw> & ]]>tail</B></R>')).toEqual(['& < > " \' 中文 😀', '<raw> & ', 'tail']);
  });

  it('normalises white space in attribute values but keeps referenced characters', () => {
    const tree = parseXmlTree('<R a="x\ny\tz" b="1&#10;2" c=\'&quot;q&quot;\'/>');
    expect(tree.attrs).toEqual({ a: 'x y z', b: '1\n2', c: '"q"' });
  });

  it('accepts a BOM in a string, comments and processing instructions', () => {
    expect(texts('\uFEFF<?xml version="1.0"?><!-- c --><?pi x?><R><!-- c -->t<?pi y?></R><!-- after -->')).toEqual(['t']);
  });

  it('refuses 100,000 nested elements quickly with xml-too-deep, without touching the stack', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const t = performance.now();
    expect(reason(() => prepareXml(deep) && scanXml(deep, { open() {}, close() {}, text() {} }))).toBe('xml-too-deep: elements nested more than 512 levels deep');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('can walk 100,000 nested elements when allowed, iteratively (tree included)', () => {
    const deep = '<a>'.repeat(100_000) + 'x' + '</a>'.repeat(100_000);
    let max = 0;
    let depth = 0;
    scanXml(deep, { open: () => void (max = Math.max(max, ++depth)), close: () => void depth--, text() {} }, { maxDepth: Infinity });
    expect(max).toBe(100_000);
    expect(parseXmlTree(deep, { maxDepth: Infinity }).local).toBe('a');
    expect(reason(() => scanXml('<a>'.repeat(100_000), { open() {}, close() {}, text() {} }, { maxDepth: Infinity }))).toMatch(/not closed \(truncated\?\)$/);
  });

  it('resolves namespaces and refuses undeclared prefixes', () => {
    const tree = parseXmlTree('<r xmlns="urn:a" xmlns:b="urn:b"><b:x/><y xmlns="urn:c"/><z/></r>');
    expect(tree.ns).toBe('urn:a');
    expect(tree.children.map((c) => `${c.ns} ${c.local}`)).toEqual(['urn:b x', 'urn:c y', 'urn:a z']);
    expect(reason(() => parseXmlTree('<r><q:x/></r>'))).toBe('xml-malformed: undeclared namespace prefix "q" on <q:x>');
  });
});
