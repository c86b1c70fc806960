import fc from 'fast-check';
import { LOGGED_QUERY_PARAMETERS, REDACTED, safeUrl } from './request-log';

const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,48}$/);
const undeclaredName = fc
  .stringMatching(/^[A-Za-z0-9_.~-]{1,40}$/)
  .filter((name) => !(LOGGED_QUERY_PARAMETERS as readonly string[]).includes(name));

describe('the URL as the request log writes it', () => {
  it('keeps the path and the values of the parameters the API declares', () => {
    expect(safeUrl('/customers/C-1/history?fromRevision=3&maxCount=10')).toBe('/customers/C-1/history?fromRevision=3&maxCount=10');
    expect(safeUrl('/aging?asOf=2024-06-30&currency=EUR')).toBe('/aging?asOf=2024-06-30&currency=EUR');
  });

  it('hides the value of any other parameter, and a name as long as a key', () => {
    expect(safeUrl('/aging?currency=EUR&key=s3cr3t-s3cr3t-s3cr3t')).toBe(`/aging?currency=EUR&key=${REDACTED}`);
    expect(safeUrl('/aging?api_key=abc&ABCDEFGHIJKLMNOPQRST')).toBe(`/aging?api_key=${REDACTED}&${REDACTED}=${REDACTED}`);
  });

  it("given a customer's link, then its token is never written: it opens that customer's page to whoever holds it", () => {
    const token = 'WyJBQ01FLTEiLCJMLTEiLCIyMDI0LTAzLTEwIl0.k8Vd3pQm1xZr7sTn0bYw5uLc2hJf9gAe4oKi6vNq1234';
    expect(safeUrl(`/pay/${token}/account`)).toBe(`/pay/${REDACTED}/account`);
    expect(safeUrl(`/pay/${token}`)).toBe(`/pay/${REDACTED}`);
    expect(safeUrl('/customers/C-1/payments')).toBe('/customers/C-1/payments');
  });

  it('given an absolute-form target with credentials in it, then only the path is kept', () => {
    expect(safeUrl('http://user:password-in-url@example.com/health?token=abc')).toBe(`/health?token=${REDACTED}`);
  });

  it("never writes a secret sent as an undeclared parameter's value or name, however the query is built", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...LOGGED_QUERY_PARAMETERS), fc.stringMatching(/^[0-9-]{1,10}$/)), { maxLength: 4 }),
        undeclaredName,
        secret,
        fc.boolean(),
        (declared, name, value, asName) => {
          const hidden = asName ? [value, '1'] : [name, value];
          const pairs = [...declared, hidden].map(([key, val]) => `${encodeURIComponent(key)}=${encodeURIComponent(val)}`);
          const logged = safeUrl(`/customers/C-1/history?${pairs.join('&')}`);
          expect(logged).not.toContain(value);
          for (const [key, val] of declared) expect(logged).toContain(`${key}=${val}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
