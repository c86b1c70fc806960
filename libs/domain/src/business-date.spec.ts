import fc from 'fast-check';
import { MAX_BUSINESS_DATE, MIN_BUSINESS_DATE, addDays, daysBetween, isBusinessDate, parseBusinessDate } from './business-date';

/** The same day as JavaScript's own calendar says it (only for years where Date.UTC has no 19xx rule). */
const viaDate = (epochDay: number): string => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);

describe('business dates', () => {
  describe('one valid range', () => {
    it.each([MIN_BUSINESS_DATE, MAX_BUSINESS_DATE, '2024-02-29', '2000-02-29', '1970-01-01'])('accepts %s', (date) => {
      expect(isBusinessDate(date)).toBe(true);
    });

    it.each([
      '1899-12-31',
      '2200-01-01',
      '0000-01-01',
      '0099-12-31',
      '0100-01-01',
      '9999-12-31',
      '+010000-01',
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-01',
      ' 2024-01-01',
      '２０２４-01-01',
    ])('refuses %s', (value) => {
      expect(isBusinessDate(value)).toBe(false);
    });

    it('refuses what is not a string', () => {
      for (const value of [undefined, null, 20240101, {}, ['2024-01-01']]) expect(isBusinessDate(value)).toBe(false);
    });
  });

  describe('the memo cannot widen what is valid', () => {
    it('given arithmetic past the range, then the dates it produced are still refused', () => {
      // given: the exact reproduction of the poisoned cache (9999-12-31 + 1 day)
      const past = addDays('2199-12-31', 3);
      const farPast = addDays('9999-12-30', 1);
      // then
      expect(past).toBe('2200-01-03');
      expect(farPast).toBe('9999-12-31');
      expect(isBusinessDate(past)).toBe(false);
      expect(isBusinessDate(farPast)).toBe(false);
      expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
      expect(isBusinessDate('+010000-01')).toBe(false);
    });

    it('holds for any arithmetic on any day (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2_932_896 }), fc.integer({ min: -100_000, max: 100_000 }), (start, offset) => {
          // given any calendar day of 0000–9999 and any offset that stays in those years
          const from = addDays('0000-01-01', start);
          let to: string;
          try {
            to = addDays(from, offset);
          } catch (error) {
            expect(error).toBeInstanceOf(RangeError);
            return;
          }
          // then the result is well formed, the count is exact, and validity is the range alone
          expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(daysBetween(from, to)).toBe(offset);
          for (const date of [from, to]) {
            expect(isBusinessDate(date)).toBe(date >= MIN_BUSINESS_DATE && date <= MAX_BUSINESS_DATE);
          }
        }),
      );
    });
  });

  describe('one parser for every year', () => {
    it('agrees with the JavaScript calendar from 1900 to 2199 (property)', () => {
      const first = parseBusinessDate(MIN_BUSINESS_DATE) as number;
      const last = parseBusinessDate(MAX_BUSINESS_DATE) as number;
      fc.assert(
        fc.property(fc.integer({ min: first, max: last }), (epochDay) => {
          const date = viaDate(epochDay);
          expect(parseBusinessDate(date)).toBe(epochDay);
          expect(addDays(MIN_BUSINESS_DATE, epochDay - first)).toBe(date);
        }),
      );
    });

    it('counts days across centuries whatever the order', () => {
      expect(daysBetween('1900-01-01', '2199-12-31')).toBe(109_572);
      expect(daysBetween('2199-12-31', '1900-01-01')).toBe(-109_572);
      expect(daysBetween('0100-03-01', '0100-02-28')).toBe(-1);
    });

    it('refuses to count from something that is not a calendar day', () => {
      expect(() => daysBetween('2024-01-01', 'tomorrow')).toThrow(RangeError);
    });
  });
});
