import fc from 'fast-check';
import { canonicalHash, canonicalJson, nameBasedUuid } from './ids';

/** The first, plainer implementation: the fast one must give the same text (hashes already stored stay valid). */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('canonicalJson', () => {
  it('given any JSON value, then it is the same text as the reference, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('given the same members in another order, or with undefined members, then the text and its hash are the same', () => {
    const a = { b: [1, { y: 'é', x: null }], a: '"quoted"', c: undefined };
    const b = { a: '"quoted"', b: [1, { x: null, y: 'é' }] };
    expect(canonicalJson(a)).toBe('{"a":"\\"quoted\\"","b":[1,{"x":null,"y":"é"}]}');
    expect(canonicalHash(a)).toBe(canonicalHash(b));
    expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ z: undefined })).toBe('{}');
    // Keys in code-unit order, integer-like ones included (an object would list those first).
    expect(canonicalJson({ b: 1, '10': 2, '9': 3, '': 4 })).toBe('{"":4,"10":2,"9":3,"b":1}');
  });
});

describe('nameBasedUuid', () => {
  it('given the same name, then the same version-5 UUID; given another, another', () => {
    expect(nameBasedUuid('command-1')).toBe(nameBasedUuid('command-1'));
    expect(nameBasedUuid('command-1')).not.toBe(nameBasedUuid('command-2'));
    expect(nameBasedUuid('command-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
