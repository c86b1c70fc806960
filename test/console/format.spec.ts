import { formatMoney, parseDecimal, parseMoney } from '../../apps/console/src/format';

describe('parseMoney: what a person types, in minor units', () => {
  it.each([
    ['600.00', 'EUR', 60_000],
    ['600', 'EUR', 60_000],
    ['0.1', 'EUR', 10],
    ['.5', 'EUR', 50],
    ['12 500.75', 'EUR', 1_250_075],
    [' 19.99 ', 'USD', 1_999],
    ['1.230', 'EUR', 123],
    ['600', 'JPY', 600],
    ['1.234', 'BHD', 1_234],
    ['9999999999.99', 'EUR', 999_999_999_999],
    // 0.1 + 0.2 in floats is 0.30000000000000004: the string never becomes one.
    ['0.30', 'EUR', 30],
    ['1.15', 'EUR', 115],
  ])('reads %p %s as %p', (typed, currency, minorUnits) => {
    expect(parseMoney(typed, currency)).toEqual({ minorUnits });
  });

  it.each([
    ['1.234', 'EUR', 'EUR has 2 decimals at most'],
    ['600.5', 'JPY', 'JPY has no decimals'],
    ['abc', 'EUR', 'Write the amount in digits with a point for decimals, e.g. 600.00'],
    ['-5.00', 'EUR', 'Write the amount in digits with a point for decimals, e.g. 600.00'],
    ['', 'EUR', 'Write the amount in digits with a point for decimals, e.g. 600.00'],
    ['.', 'JPY', 'Write the amount in digits with a point for decimals, e.g. 600'],
    ['1,5', 'EUR', 'Write the amount in digits with a point for decimals, e.g. 600.00'],
    ['1e3', 'EUR', 'Write the amount in digits with a point for decimals, e.g. 600.00'],
    ['99999999999999999', 'EUR', 'This amount is too large'],
    ['5', 'EURO', 'EURO is not a currency'],
  ])('refuses %p in %s', (typed, currency, refused) => {
    expect(parseMoney(typed, currency)).toEqual({ refused });
  });

  it('gives back what formatMoney shows, for every cent of a range', () => {
    for (let minorUnits = 0; minorUnits < 2_000; minorUnits += 7) {
      const shown = formatMoney(minorUnits, 'EUR', 'en').replace(/[€,]/g, '');
      expect(parseMoney(shown, 'EUR')).toEqual({ minorUnits });
    }
  });
});

describe('parseDecimal: a typed decimal, scaled exactly', () => {
  it('scales a percentage to basis points, and says why it refuses', () => {
    expect(parseDecimal('1.5', 2)).toEqual({ scaled: 150 });
    expect(parseDecimal('12', 2)).toEqual({ scaled: 1_200 });
    expect(parseDecimal('0.125', 2)).toEqual({ refused: 'too-many-decimals' });
    expect(parseDecimal('1.5%', 2)).toEqual({ refused: 'not-a-number' });
    expect(parseDecimal('9'.repeat(20), 0)).toEqual({ refused: 'too-large' });
  });
});
