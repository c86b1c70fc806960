import { fieldOf, problemFields } from '../../apps/console/src/actions/problem-fields';

describe('problemFields: a refusal of the api, placed in a form', () => {
  const shown = ['amount', 'promisedFor', 'installments.*.amount', 'installments.*.dueOn', 'guarantors.*'];

  it('names a body pointer as the form names its field, nested rows by index, RFC 6901 escapes undone', () => {
    expect(fieldOf('/amount')).toBe('amount');
    expect(fieldOf('/installments/1/amount')).toBe('installments.1.amount');
    expect(fieldOf('/a~1b~0c')).toBe('a/b~c');
    // The whole body (e.g. "the body must be a JSON object") names no field.
    expect(fieldOf('')).toBeUndefined();
    expect(fieldOf('/')).toBeUndefined();
  });

  it('given errors on fields the form shows, then each is next to its field and there is no message', () => {
    const problem = {
      title: 'Bad Request',
      detail: 'The request is invalid: /amount must be greater than zero; /installments/1/amount …',
      errors: [
        { pointer: '/amount', detail: 'amount must be greater than zero' },
        { pointer: '/installments/1/amount', detail: 'amount must be a whole number of minor units' },
        { pointer: '/guarantors/0', detail: 'each value in guarantors must be shorter than or equal to 200 characters' },
      ],
    };

    expect(problemFields(problem, shown)).toEqual({
      fields: {
        amount: 'amount must be greater than zero',
        'installments.1.amount': 'amount must be a whole number of minor units',
        'guarantors.0': 'each value in guarantors must be shorter than or equal to 200 characters',
      },
    });
  });

  it('given two errors on one field, then both are shown next to it', () => {
    const problem = {
      errors: [
        { pointer: '/amount', detail: 'amount must be a whole number' },
        { pointer: '/amount', detail: 'amount must be greater than zero' },
      ],
    };

    expect(problemFields(problem, shown).fields).toEqual({ amount: 'amount must be a whole number; amount must be greater than zero' });
  });

  it('given an error on a field the form does not show, then it is in the message, not lost', () => {
    const problem = {
      detail: 'The request is invalid',
      errors: [
        { pointer: '/amount', detail: 'amount must be greater than zero' },
        { pointer: '/promiseId', detail: 'promiseId must start with a letter or digit' },
      ],
    };

    expect(problemFields(problem, shown)).toEqual({
      fields: { amount: 'amount must be greater than zero' },
      message: 'Also: /promiseId: promiseId must start with a letter or digit',
    });
    expect(problemFields({ detail: 'The request is invalid', errors: [{ pointer: '/path/customerId', detail: 'bad' }] }, shown)).toEqual({
      fields: {},
      message: 'The request is invalid',
    });
  });

  it('given a refused business rule (no field), then its detail is the message', () => {
    const problem = {
      title: 'Unprocessable Entity',
      detail: 'Promise PR-1 of €900.00 exceeds the €600.00 open on its invoices',
      code: 'amount-exceeds-balance',
    };

    expect(problemFields(problem, shown)).toEqual({ fields: {}, message: problem.detail });
    expect(problemFields({ title: 'Conflict' }, shown).message).toBe('Conflict');
    expect(problemFields(undefined, shown).message).toBe('The service refused this, without saying why.');
  });
});
