import { EntityDecoderOptions } from 'fast-xml-parser';

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#(\d+)|#x([0-9a-fA-F]+)|([A-Za-z]+));/g;

/**
 * fast-xml-parser leaves character references (`&#228;` for ä) undecoded unless told to decode
 * HTML's entities too. This decodes what XML defines: the five predefined entities and character
 * references to characters XML allows. A DOCTYPE's own entities are not expanded (no bank file
 * has one, and expansion is how XML bombs work); they stay as written.
 */
export const xmlEntities: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text) => (text.includes('&') ? text.replace(REFERENCE, decodeReference) : text),
};

function decodeReference(written: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return PREDEFINED_ENTITIES[name] ?? written;
  const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
  const allowed =
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff);
  return allowed ? String.fromCodePoint(codePoint) : written;
}
