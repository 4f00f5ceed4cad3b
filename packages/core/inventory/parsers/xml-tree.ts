import { prepareXml } from './xml-safety.ts';
import { scanXml, textOf, type TextKind, type XmlAttribute, type XmlVisitor } from './xml-scanner.ts';
import { InventoryParseError } from '../inventory.types.ts';

/**
 * A namespace-aware element tree for small documents (SWID tags), built
 * without recursion on top of scanXml, so it inherits its safety: no DTD,
 * no entity expansion, bounded depth.
 */
export interface XmlElement {
  /** Local name (without prefix). */
  local: string;
  /** Namespace URI the element is in, null when none. */
  ns: string | null;
  /** Attributes by their name as written (`name`, `xml:lang`, `n8060:mutable`); xmlns declarations excluded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct character data, concatenated. */
  text: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

class TreeBuilder implements XmlVisitor {
  root: XmlElement | null = null;
  private readonly stack: XmlElement[] = [];
  private readonly scopes: Map<string, string>[] = [new Map([['xml', XML_NS]])];

  open(name: string, attrs: readonly XmlAttribute[]): void {
    let scope = this.scopes[this.scopes.length - 1]!;
    const own: Record<string, string> = Object.create(null);
    let copied = false;
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (!copied) {
          scope = new Map(scope);
          copied = true;
        }
        scope.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      } else {
        own[a.name] = a.value;
      }
    }
    this.scopes.push(scope);
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const ns = scope.get(prefix);
    if (ns === undefined && prefix !== '') throw new InventoryParseError('xml-malformed', `undeclared namespace prefix "${prefix}" on <${name}>`);
    const el: XmlElement = { local: colon < 0 ? name : name.slice(colon + 1), ns: ns ? ns : null, attrs: own, children: [], text: '' };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.root = el;
    this.stack.push(el);
  }

  text(src: string, start: number, end: number, kind: TextKind): void {
    this.stack[this.stack.length - 1]!.text += textOf(src, start, end, kind);
  }

  close(): void {
    this.stack.pop();
    this.scopes.pop();
  }
}

/** Parses a whole document into a tree (after decoding and DTD screening). */
export function parseXmlTree(input: Uint8Array | string, opts: { maxDepth?: number } = {}): XmlElement {
  const builder = new TreeBuilder();
  scanXml(prepareXml(input), builder, opts);
  return builder.root!;
}

/** Every element below `root` (not root itself), depth first, without recursion; `skip` prunes subtrees. */
export function* descendants(root: XmlElement, skip?: (el: XmlElement) => boolean): Generator<XmlElement> {
  const stack: XmlElement[] = [...root.children].reverse();
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (skip?.(el)) continue;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
}
