import { parseXml, XmlSyntaxError } from '../../../../mocks/digid/saml/xml';

/**
 * Node has no DOMParser. This one stands in for the browser's in tests: it
 * parses with the mocks' XML reader and, like the browser, reports a syntax
 * error as a document holding a <parsererror> element.
 */
export class TestDOMParser {
  parseFromString(text: string): unknown {
    try {
      return parseXml(text);
    } catch (e) {
      if (!(e instanceof XmlSyntaxError)) throw e;
      const err = parseXml(`<parsererror>${e.message.replace(/[<&]/g, ' ')}</parsererror>`);
      return err;
    }
  }
}

export function installDomParser(): void {
  (globalThis as { DOMParser?: unknown }).DOMParser = TestDOMParser;
}
