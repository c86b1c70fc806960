import { StatementFormatError } from './bank-statement';

/** What fast-xml-parser makes of an element: its text, or its children and `@_`-prefixed attributes. */
type ParsedValue = string | ParsedObject | ParsedValue[];
interface ParsedObject {
  [name: string]: ParsedValue;
}

const TEXT = '#text';
const ATTRIBUTE_PREFIX = '@_';

/**
 * One element of a parsed XML document together with its path (`Document/BkToCstmrStmt/Stmt[1]`),
 * so that every refusal names where a person finds the fault. Repeating elements are read with
 * `children` (indexed from 1 in paths); `child` refuses an element that appears twice where the
 * standard allows one, rather than reading one of them by chance.
 */
export class XmlElement {
  constructor(
    readonly path: string,
    private readonly value: ParsedValue,
  ) {}

  /** The element's children called `name`, each with its 1-based index in its path. */
  children(name: string): XmlElement[] {
    const value = this.fields()?.[name];
    if (value === undefined) return [];
    const values = Array.isArray(value) ? value : [value];
    return values.map((child, index) => new XmlElement(`${this.path}/${name}[${index + 1}]`, child));
  }

  /** The one child called `name`, if there is one. */
  child(name: string): XmlElement | undefined {
    const value = this.fields()?.[name];
    if (value === undefined) return undefined;
    const path = `${this.path}/${name}`;
    if (Array.isArray(value)) throw new StatementFormatError(path, `${name} appears ${value.length} times where one is expected`);
    return new XmlElement(path, value);
  }

  /** The element at a `/`-separated path of single children, if every step is there. */
  find(relativePath: string): XmlElement | undefined {
    const [first, ...rest] = relativePath.split('/');
    let element = this.child(first);
    for (const name of rest) element = element?.child(name);
    return element;
  }

  /** The element at `relativePath`, or a refusal naming what is missing. */
  require(relativePath: string, what = relativePath): XmlElement {
    const element = this.find(relativePath);
    if (element === undefined) throw new StatementFormatError(`${this.path}/${relativePath}`, `${what} is missing`);
    return element;
  }

  /** The element's own text, trimmed; undefined when it is empty. An element holding elements is refused. */
  text(): string | undefined {
    const value = this.value;
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (Array.isArray(value)) throw new StatementFormatError(this.path, 'appears several times where one is expected');
    const hasChildren = Object.keys(value).some((key) => key !== TEXT && !key.startsWith(ATTRIBUTE_PREFIX));
    if (hasChildren) throw new StatementFormatError(this.path, 'holds elements where text is expected');
    const text = value[TEXT];
    return typeof text === 'string' && text !== '' ? text : undefined;
  }

  /** The text at `relativePath`, if the element is there and not empty. */
  textAt(relativePath: string): string | undefined {
    return this.find(relativePath)?.text();
  }

  /** The text at `relativePath`, or a refusal naming what is missing or empty. */
  requireText(relativePath: string, what = relativePath): string {
    const element = this.require(relativePath, what);
    const text = element.text();
    if (text === undefined) throw new StatementFormatError(element.path, `${what} is empty`);
    return text;
  }

  attribute(name: string): string | undefined {
    const value = this.fields()?.[ATTRIBUTE_PREFIX + name];
    return typeof value === 'string' ? value : undefined;
  }

  /** Every attribute, by name (`xmlns:ns2` included). */
  attributes(): [string, string][] {
    return Object.entries(this.fields() ?? {})
      .filter((entry): entry is [string, string] => entry[0].startsWith(ATTRIBUTE_PREFIX) && typeof entry[1] === 'string')
      .map(([key, value]) => [key.slice(ATTRIBUTE_PREFIX.length), value]);
  }

  private fields(): ParsedObject | undefined {
    const value = this.value;
    if (Array.isArray(value)) throw new StatementFormatError(this.path, 'appears several times where one is expected');
    return typeof value === 'object' ? value : undefined;
  }
}

/** The document's root element (whatever its name), skipping the XML declaration and processing instructions. */
export function rootElementOf(parsed: ParsedObject): { name: string; element: XmlElement } | undefined {
  const name = Object.keys(parsed).find((key) => !key.startsWith('?') && !key.startsWith(ATTRIBUTE_PREFIX));
  if (name === undefined) return undefined;
  return { name, element: new XmlElement(name, parsed[name]) };
}

export type { ParsedObject };
