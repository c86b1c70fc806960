import { problemFields } from '../../apps/console/src/actions/problem-fields';
import { PayAnswer, placedByCode, tokenOfPath } from '../../apps/console/src/pay/pay-client';

describe("the customer's page: its address and the api's refusals", () => {
  it('reads the token from /pay/<token> only, undone of its URL escapes; any other address holds none', () => {
    expect(tokenOfPath('/pay/eyJhIjoxfQ.abc_-DEF')).toBe('eyJhIjoxfQ.abc_-DEF');
    expect(tokenOfPath('/pay/eyJhIjoxfQ.abc/')).toBe('eyJhIjoxfQ.abc');
    expect(tokenOfPath('/pay/a%2Eb')).toBe('a.b');
    for (const elsewhere of ['/pay/', '/pay', '/pay/a/account', '/app/pay/a', '/', '/pay/%E0%A4%A'])
      expect({ elsewhere, token: tokenOfPath(elsewhere) }).toEqual({ elsewhere, token: undefined });
  });

  const refused = (error: PayAnswer<unknown>['error']) =>
    Promise.resolve({ error, response: new Response(null, { status: 422 }) } as PayAnswer<unknown>);
  const FIELDS = { 'promise-date-too-late': 'promisedFor', 'promise-too-small': 'amount' };

  it('given a refused policy limit the form has a field for, then its detail goes next to that field', async () => {
    const { error } = await placedByCode(
      refused({ code: 'promise-date-too-late', detail: 'The latest date you can promise is 2024-07-30' }),
      FIELDS,
    );
    expect(problemFields(error, ['amount', 'promisedFor'])).toEqual({
      fields: { promisedFor: 'The latest date you can promise is 2024-07-30' },
    });
  });

  it('given a refusal of no known field, or one already naming its fields, then it is left as the api said it', async () => {
    const other = { code: 'nothing-to-promise', detail: 'Nothing in GBP is open to promise' };
    expect((await placedByCode(refused(other), FIELDS)).error).toEqual(other);
    const named = { code: 'promise-too-small', detail: 'Bad', errors: [{ pointer: '/currency', detail: 'not a currency' }] };
    expect((await placedByCode(refused(named), FIELDS)).error).toEqual(named);
    expect(
      (await placedByCode(Promise.resolve({ data: {}, response: new Response(null, { status: 201 }) }), FIELDS)).error,
    ).toBeUndefined();
  });
});
