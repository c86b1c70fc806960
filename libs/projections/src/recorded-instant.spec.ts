import fc from 'fast-check';
import { normalInstant } from './recorded-instant';

/** What normalInstant must always give: the instant as `toISOString` writes it, or the text as it was. */
function parsedAndWrittenAgain(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** A number written with `length` digits, from 0 to `max`: a little past each field's valid values, so the edges are hit often. */
const digits = (length: number, max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(length, '0'));

describe('normalInstant', () => {
  it('given an instant written with an offset, when normalised, then it is the same instant in UTC with milliseconds', () => {
    expect(normalInstant('2024-04-01T01:00:00+02:00')).toBe('2024-03-31T23:00:00.000Z');
    expect(normalInstant('2024-03-31T23:00:00Z')).toBe('2024-03-31T23:00:00.000Z');
  });

  it('given text in the canonical shape that Date rolls over, when normalised, then it is the day it rolls to', () => {
    expect(normalInstant('2024-02-30T00:00:00.000Z')).toBe('2024-03-01T00:00:00.000Z');
    expect(normalInstant('2024-01-31T24:00:00.000Z')).toBe('2024-02-01T00:00:00.000Z');
  });

  it('given text that is no instant, when normalised, then it is kept as it is', () => {
    expect(normalInstant('yesterday')).toBe('yesterday');
    expect(normalInstant('2024-13-01T00:00:00.000Z')).toBe('2024-13-01T00:00:00.000Z');
  });

  it('given any instant as toISOString writes it, when normalised, then it is unchanged', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        (date) => {
          const written = date.toISOString();
          expect(normalInstant(written)).toBe(written);
        },
      ),
    );
  });

  it('given any text of the canonical shape, valid or not, when normalised, then it is what parsing and writing it again gives', () => {
    // The shortcut for canonical text must never differ from the long way, whatever the digits.
    const shaped = fc
      .tuple(digits(4, 9999), digits(2, 13), digits(2, 32), digits(2, 25), digits(2, 61), digits(2, 61), digits(3, 999))
      .map(([year, month, day, hour, minute, second, ms]) => `${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`);
    fc.assert(
      fc.property(shaped, (text) => {
        expect(normalInstant(text)).toBe(parsedAndWrittenAgain(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
