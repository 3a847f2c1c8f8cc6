/**
 * A small namespace-aware XML reader for the mock servers.
 *
 * The SAML messages (AuthnRequest, ArtifactResolve, ArtifactResponse) are read
 * by servers that also run under Node, where there is no DOMParser. The
 * elements it returns have the few DOM members the readers use (localName,
 * namespaceURI, children, textContent, getAttribute), so the same reading code
 * works on a browser DOM. It reads well-formed documents only and throws an
 * XmlSyntaxError naming the line for anything else; it does not resolve DTDs
 * or external entities (a SAML endpoint must not).
 */

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlElement {
  readonly localName: string;
  readonly prefix: string | null;
  /** The qualified name as written, e.g. `saml:Issuer`. */
  readonly tagName: string;
  readonly namespaceURI: string | null;
  readonly children: XmlElement[];
  readonly textContent: string;
  readonly attributes: ReadonlyMap<string, string>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): XmlElement[];
}

export interface XmlDocument {
  readonly documentElement: XmlElement;
  getElementsByTagName(name: string): XmlElement[];
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Element implements XmlElement {
  children: Element[] = [];
  private text: (string | Element)[] = [];
  constructor(
    readonly tagName: string,
    readonly attributes: Map<string, string>,
    readonly namespaceURI: string | null,
  ) {}
  get prefix(): string | null {
    const i = this.tagName.indexOf(':');
    return i < 0 ? null : this.tagName.slice(0, i);
  }
  get localName(): string {
    const i = this.tagName.indexOf(':');
    return i < 0 ? this.tagName : this.tagName.slice(i + 1);
  }
  get textContent(): string {
    return this.text.map((t) => (typeof t === 'string' ? t : t.textContent)).join('');
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  getElementsByTagName(name: string): XmlElement[] {
    const out: XmlElement[] = [];
    const walk = (e: Element) => {
      for (const c of e.children) {
        if (name === '*' || c.tagName === name) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  appendText(t: string) {
    this.text.push(t);
  }
  appendChild(e: Element) {
    this.children.push(e);
    this.text.push(e);
  }
}

function decodeEntities(s: string, line: () => number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (m, body: string | undefined) => {
    if (!body) throw new XmlSyntaxError('A bare "&" must be written as &amp;', line());
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const v = ENTITIES[body];
    if (v === undefined) throw new XmlSyntaxError(`Unknown entity ${m}`, line());
    return v;
  });
}

/**
 * Limits that keep one hostile document from holding the event loop: a SAML
 * message nests about 10 deep and has a few dozen elements; the OAuth lists
 * of MedMij a few thousand.
 */
export interface XmlLimits {
  /** Characters of input. */
  maxLength: number;
  /** Elements open at once. */
  maxDepth: number;
  /** Elements in the whole document. */
  maxElements: number;
}

const DEFAULT_XML_LIMITS: XmlLimits = { maxLength: 1024 * 1024, maxDepth: 64, maxElements: 20_000 };

const START_TAG = /<([A-Za-z_][\w.:-]*)/y;
const SPACE = /\s*/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;

/** Parse a well-formed XML document; throws XmlSyntaxError (also for a document over the limits). */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlDocument {
  const { maxLength, maxDepth, maxElements } = { ...DEFAULT_XML_LIMITS, ...limits };
  let pos = 0;
  const line = () => text.slice(0, pos).split('\n').length;
  const fail = (msg: string): never => {
    throw new XmlSyntaxError(msg, line());
  };
  if (text.length > maxLength) {
    throw new XmlSyntaxError(`The document is longer than the ${maxLength} characters this server reads`, 1);
  }
  // Sticky regular expressions read at `pos` without copying the rest of the text.
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    return re.exec(text);
  };
  // Each open element with the namespace bindings in scope.
  const stack: { el: Element; ns: Map<string, string> }[] = [];
  let root: Element | undefined;
  let elements = 0;
  const rootNs = new Map<string, string>([['xml', XML_NS]]);

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = lt < 0 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk) {
      const top = stack[stack.length - 1];
      if (top) top.el.appendText(decodeEntities(chunk, line));
      else if (chunk.trim()) fail('Text outside the root element');
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end < 0) fail('Unclosed processing instruction');
      pos = end + 2;
    } else if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos);
      if (end < 0) fail('Unclosed comment');
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) fail('Unclosed CDATA section');
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element');
      top.el.appendText(text.slice(pos + 9, end));
      pos = end + 3;
    } else if (text.startsWith('<!', pos)) {
      fail('DOCTYPE declarations are not accepted');
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) fail('Unclosed end tag');
      const name = text.slice(pos + 2, end).trim();
      const top = stack.pop();
      if (!top) fail(`End tag </${name}> without a start tag`);
      if (top!.el.tagName !== name) fail(`End tag </${name}> does not match <${top!.el.tagName}>`);
      pos = end + 1;
    } else {
      const m = at(START_TAG);
      if (!m) fail('Invalid start tag');
      const tagName = m![1];
      pos += m![0].length;
      if (++elements > maxElements) fail(`More than ${maxElements} elements: the document is refused`);
      if (stack.length >= maxDepth) fail(`<${tagName}> is nested more than ${maxDepth} deep: the document is refused`);
      const rawAttrs = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        const ws = at(SPACE)![0];
        pos += ws.length;
        if (text.startsWith('/>', pos)) {
          selfClosing = true;
          pos += 2;
          break;
        }
        if (text.startsWith('>', pos)) {
          pos += 1;
          break;
        }
        if (!ws) fail(`Expected whitespace, ">" or "/>" in <${tagName}>`);
        const a = at(ATTRIBUTE);
        if (!a) fail(`Invalid attribute in <${tagName}>`);
        if (rawAttrs.has(a![1])) fail(`Attribute ${a![1]} repeated in <${tagName}>`);
        rawAttrs.set(a![1], decodeEntities(a![3] ?? a![4] ?? '', line));
        pos += a![0].length;
      }
      const parentNs = stack[stack.length - 1]?.ns ?? rootNs;
      // A new scope only where the element declares namespaces; otherwise the parent's is shared.
      let ns = parentNs;
      for (const [k, v] of rawAttrs) {
        if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
        if (ns === parentNs) ns = new Map(parentNs);
        ns.set(k === 'xmlns' ? '' : k.slice(6), v);
      }
      const colon = tagName.indexOf(':');
      const prefix = colon < 0 ? '' : tagName.slice(0, colon);
      const uri = ns.get(prefix);
      if (prefix && uri === undefined) fail(`Namespace prefix "${prefix}" of <${tagName}> is not declared`);
      const el = new Element(tagName, rawAttrs, uri ? uri : null);
      const parent = stack[stack.length - 1];
      if (parent) parent.el.appendChild(el);
      else if (root) fail('A document has exactly one root element');
      else root = el;
      if (!selfClosing) stack.push({ el, ns });
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].el.tagName}> is not closed`);
  if (!root) fail('The document has no root element');
  const documentElement = root!;
  return {
    documentElement,
    getElementsByTagName: (name) =>
      name === '*' || documentElement.tagName === name
        ? [documentElement, ...documentElement.getElementsByTagName(name)]
        : documentElement.getElementsByTagName(name),
  };
}

/** The first child element with this namespace and local name. */
export function child(el: XmlElement | undefined, ns: string, localName: string): XmlElement | undefined {
  if (!el) return undefined;
  for (let i = 0; i < el.children.length; i++) {
    const c = el.children[i];
    if (c.localName === localName && c.namespaceURI === ns) return c;
  }
  return undefined;
}

/** Escape text or an attribute value for XML. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
