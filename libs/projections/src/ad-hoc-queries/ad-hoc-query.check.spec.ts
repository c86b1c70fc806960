import fc from 'fast-check';
import { ALLOWED_STAGES, AdHocQueryBody, FORBIDDEN_OPERATORS, QueryProblem, checkAdHocQuery } from './ad-hoc-query.check';
import { QUERYABLE_COLLECTIONS } from './ad-hoc-query';

const problemsOf = (body: AdHocQueryBody): QueryProblem[] => {
  const checked = checkAdHocQuery(body);
  return 'problems' in checked ? checked.problems : [];
};

describe('checking an ad-hoc question', () => {
  it('given a filter with a projection, a sort and a limit, then it is the question to run', () => {
    const body = {
      filter: { currency: 'EUR', balance: { $gt: 0 } },
      projection: { customerId: 1 as const },
      sort: { balance: -1 as const },
      limit: 5,
    };
    expect(checkAdHocQuery(body)).toEqual({ query: body });
  });

  it('given a pipeline of read-only stages with a $lookup between read models, then it is the question to run', () => {
    const pipeline = [
      { $match: { status: 'open' } },
      { $lookup: { from: 'promises', localField: 'customerId', foreignField: 'customerId', as: 'promises' } },
      { $set: { promised: { $size: '$promises' } } },
      { $group: { _id: '$customerId', total: { $sum: '$balance' } } },
      { $sort: { total: -1 } },
      { $count: 'customers' },
    ];
    expect(checkAdHocQuery({ pipeline })).toEqual({ query: { pipeline } });
  });

  it('given neither a filter nor a pipeline, then the filter is asked for', () => {
    expect(problemsOf({})).toEqual([{ pointer: '/filter', detail: expect.stringContaining('send a filter') }]);
  });

  it('given both shapes, then each field of the other shape is refused', () => {
    expect(problemsOf({ pipeline: [], filter: {}, sort: { a: 1 } }).map((problem) => problem.pointer)).toEqual(['/filter', '/sort']);
  });

  it('given a sort direction other than 1 or -1, then it is refused at the field', () => {
    expect(problemsOf({ filter: {}, sort: { 'a/b': 2 as 1 } })).toEqual([{ pointer: '/sort/a~1b', detail: 'a sort direction is 1 or -1' }]);
  });

  it('given stages that are not read-only ones, then each is refused naming the allowed ones', () => {
    const problems = problemsOf({ pipeline: [{ $facet: {} }, { $unionWith: 'invoices' }, { $match: {}, $sort: {} }] });
    expect(problems.map((problem) => problem.pointer)).toEqual(['/pipeline/0/$facet', '/pipeline/1/$unionWith', '/pipeline/2']);
    expect(problems[0].detail).toContain(ALLOWED_STAGES.join(', '));
  });

  it.each(['projection_checkpoints', 'policy_engine_runs', 'letters_outbox', 'kpi_cohorts', 'kpi_facts', 'payment_model', ''])(
    'given a $lookup from %j, which is no read model, then it is refused at its from',
    (from) => {
      expect(problemsOf({ pipeline: [{ $lookup: { from, localField: 'a', foreignField: 'b', as: 'c' } }] })).toEqual([
        { pointer: '/pipeline/0/$lookup/from', detail: expect.stringContaining('must name a read model') },
      ]);
    },
  );

  it('given a pattern that can backtrack for exponential time, in a filter or an expression, then it is refused where it is', () => {
    const problems = problemsOf({
      pipeline: [
        { $match: { customerName: { $regex: '^(a+)+$' }, status: { $regex: '^open' } } },
        { $set: { odd: { $regexMatch: { input: '$customerName', regex: '(\\w*)*x' } } } },
      ],
    });
    expect(problems.map((problem) => problem.pointer)).toEqual([
      '/pipeline/0/$match/customerName/$regex',
      '/pipeline/1/$set/odd/$regexMatch/regex',
    ]);
    expect(problems[0].detail).toContain('exponential time');
  });

  it('given patterns without nested repetition, or one the store must refuse itself, then the check lets them through', () => {
    expect(problemsOf({ filter: { customerName: { $regex: '^acme.*(gmbh|ltd)$', $options: 'i' } } })).toEqual([]);
    expect(problemsOf({ filter: { customerName: { $regex: '(' } } })).toEqual([]);
  });

  it('given a $lookup whose own pipeline looks up an internal collection, then the inner stage is refused', () => {
    const pipeline = [
      { $lookup: { from: 'invoices', as: 'x', pipeline: [{ $lookup: { from: 'projection_checkpoints', as: 'y', pipeline: [] } }] } },
    ];
    expect(problemsOf({ pipeline }).map((problem) => problem.pointer)).toEqual(['/pipeline/0/$lookup/pipeline/0/$lookup/from']);
  });

  it('every read model is queryable, and no checkpoint or internal collection is', () => {
    expect(QUERYABLE_COLLECTIONS).toEqual(
      expect.arrayContaining(['invoices', 'aging_ledger', 'worklist_accounts', 'promises', 'disputes', 'kpi_days', 'payment_predictions']),
    );
    expect(QUERYABLE_COLLECTIONS).not.toContain('projection_checkpoints');
    // Projections' own bookkeeping (marked `internal`): the fast KPIs' cohorts and facts, the fitted payment model.
    expect(QUERYABLE_COLLECTIONS).not.toContain('kpi_cohorts');
    expect(QUERYABLE_COLLECTIONS).not.toContain('kpi_facts');
    expect(QUERYABLE_COLLECTIONS).not.toContain('payment_model');
  });
});

/** A JSON pointer token (RFC 6901). */
const token = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
const key = fc.string({ minLength: 1, maxLength: 6 }).filter((text) => !FORBIDDEN_OPERATORS.includes(text) && text !== '__proto__');
const json = fc.jsonValue({ maxDepth: 2 }).filter((value) => !JSON.stringify(value).includes('"$'));
/** One step down from the top to where the operator will sit: a field of an object, or an element of an array. */
const step = fc.oneof(
  fc.record({ key, siblings: fc.dictionary(key, json, { maxKeys: 2 }) }),
  fc.record({ before: fc.array(json, { maxLength: 2 }) }),
);
type Step = { key: string; siblings: Record<string, unknown> } | { before: unknown[] };

/** A value with `{ [operator]: payload }` at the end of `steps`, and the pointer to the operator from the value's top. */
function nest(steps: Step[], operator: string, payload: unknown): { value: unknown; pointer: string } {
  let value: unknown = { [operator]: payload };
  let pointer = `/${token(operator)}`;
  for (const down of [...steps].reverse()) {
    if ('key' in down) {
      value = { ...down.siblings, [down.key]: value };
      pointer = `/${token(down.key)}${pointer}`;
    } else {
      value = [...down.before, value];
      pointer = `/${down.before.length}${pointer}`;
    }
  }
  return { value, pointer };
}

/** Where in a question the nested value goes: the whole question and the pointer to the value. */
const placements: ((value: unknown) => { body: AdHocQueryBody; at: string })[] = [
  (value) => ({ body: { filter: { field: value } }, at: '/filter/field' }),
  (value) => ({ body: { filter: { $expr: value } }, at: '/filter/$expr' }),
  (value) => ({ body: { filter: {}, projection: { shown: value } as never }, at: '/projection/shown' }),
  (value) => ({ body: { pipeline: [{ $match: { $and: [value] } }] }, at: '/pipeline/0/$match/$and/0' }),
  (value) => ({ body: { pipeline: [{ $project: { x: value } }] }, at: '/pipeline/0/$project/x' }),
  (value) => ({ body: { pipeline: [{ $group: { _id: null, total: value } }] }, at: '/pipeline/0/$group/total' }),
  (value) => ({
    body: { pipeline: [{ $lookup: { from: 'invoices', as: 'joined', pipeline: [{ $match: { $expr: value } }] } }] },
    at: '/pipeline/0/$lookup/pipeline/0/$match/$expr',
  }),
  (value) => ({
    body: { pipeline: [{ $lookup: { from: 'invoices', as: 'joined', let: { v: value }, pipeline: [] } }] },
    at: '/pipeline/0/$lookup/let/v',
  }),
];

describe('a forbidden operator anywhere in a question', () => {
  it('given $out, $merge, $where, $function or $accumulator at any depth of a filter, projection, expression or sub-pipeline, then the question is refused naming it and where it is', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORBIDDEN_OPERATORS),
        fc.array(step, { maxLength: 4 }),
        json,
        fc.nat({ max: placements.length - 1 }),
        (operator, steps, payload, where) => {
          const { value, pointer } = nest(steps, operator, payload);
          const { body, at } = placements[where](value);
          const checked = checkAdHocQuery(body);
          expect(checked).toHaveProperty('problems');
          const problems = 'problems' in checked ? checked.problems : [];
          expect(problems).toContainEqual({ pointer: `${at}${pointer}`, detail: expect.stringContaining(`${operator} is not allowed`) });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('given one as a stage of its own, at any position of a pipeline or of a $lookup sub-pipeline, then it is refused there', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORBIDDEN_OPERATORS), fc.nat({ max: 3 }), fc.boolean(), (operator, position, inLookup) => {
        const stages: Record<string, unknown>[] = [{ $match: {} }, { $sort: { a: 1 } }, { $limit: 3 }];
        stages.splice(position, 0, { [operator]: 'anything' });
        const pipeline = inLookup ? [{ $lookup: { from: 'invoices', as: 'x', pipeline: stages } }] : stages;
        const prefix = inLookup ? '/pipeline/0/$lookup/pipeline' : '/pipeline';
        expect(problemsOf({ pipeline })).toContainEqual({
          pointer: `${prefix}/${position}/${operator}`,
          detail: expect.stringContaining(`${operator} is not allowed`),
        });
      }),
    );
  });

  it('given none of them and only allowed stages, then nothing is refused', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 4 }), json, (steps, payload) => {
        const { value } = nest(steps, '$eq', payload);
        expect(problemsOf({ filter: { field: value } })).toEqual([]);
        expect(problemsOf({ pipeline: [{ $match: { field: value } }, { $project: { x: 1 } }] })).toEqual([]);
      }),
    );
  });
});
