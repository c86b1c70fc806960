import { formatBusinessDate, formatMinorUnits, minorUnitDigits } from './formatting';

describe('formatting amounts and dates for letters', () => {
  it.each([
    ['EUR', 125_000, 'en-GB', '€1,250.00'],
    ['EUR', 5, 'en-GB', '€0.05'],
    ['EUR', 0, 'en-GB', '€0.00'],
    ['EUR', -1_999, 'en-GB', '-€19.99'],
    ['JPY', 125_000, 'en-GB', 'JP¥125,000'],
    ['JPY', 7, 'en-US', '¥7'],
    ['BHD', 1_234_567, 'en-GB', 'BHD 1,234.567'],
    ['EUR', 125_000, 'de-DE', '1.250,00 €'],
  ])('given %s %d minor units, when formatted in %s, then it reads %s', (currency, amount, locale, expected) => {
    expect(formatMinorUnits(amount, currency, locale)).toBe(expected.replace(/ /g, '\u00a0'));
  });

  it('given an amount beyond float precision in major units, when formatted, then every minor unit is kept', () => {
    // As a float, 9007199254740991 / 100 prints as €90,071,992,547,409.90.
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER, 'EUR', 'en-GB')).toBe('€90,071,992,547,409.91');
  });

  it('given a fractional or unsafe amount, when formatted, then it is refused', () => {
    expect(() => formatMinorUnits(10.5, 'EUR', 'en-GB')).toThrow(RangeError);
    expect(() => formatMinorUnits(2 ** 60, 'EUR', 'en-GB')).toThrow(RangeError);
  });

  it('given currencies with 2, 0 and 3 minor digits, when asked, then the digits follow the currency', () => {
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY'), minorUnitDigits('BHD')]).toEqual([2, 0, 3]);
  });

  it('given a business date, when formatted, then it is the same calendar day in any time zone', () => {
    expect(formatBusinessDate('2024-03-05', 'en-GB')).toBe('5 March 2024');
    expect(formatBusinessDate('2024-12-31', 'en-GB')).toBe('31 December 2024');
    expect(() => formatBusinessDate('2024-02-30', 'en-GB')).toThrow(RangeError);
  });
});
