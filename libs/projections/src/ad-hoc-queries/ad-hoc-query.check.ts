import { Filter, Pipeline, Projection, Sort } from '@collections/read-store';
import safeRegex from 'safe-regex2';
import { AdHocQuery, isQueryableCollection } from './ad-hoc-query';

/**
 * What an ad-hoc question may say. It only reads: no stage or operator that writes ($out, $merge)
 * or runs code ($where, $function, $accumulator), anywhere in it; pipelines of read-only stages;
 * and only the read models, in the path and in every `$lookup`. No regular expression that can
 * backtrack for exponential time: the embedded store's deadline is checked between documents, and
 * cannot stop a match running inside one.
 */

/** Refused wherever they appear: in a filter, a projection, an expression, a sub-pipeline. */
export const FORBIDDEN_OPERATORS: readonly string[] = ['$out', '$merge', '$where', '$function', '$accumulator'];

/**
 * The stages a pipeline may use. `$addFields` and its alias `$set` only add computed fields to the
 * documents flowing through the pipeline (never to a collection), with the same expressions
 * `$project` accepts, so they are as harmless as `$project`.
 */
export const ALLOWED_STAGES: readonly string[] = [
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$unwind',
  '$lookup',
];

/** What the request carries, its JSON types already checked. */
export interface AdHocQueryBody {
  filter?: Filter;
  projection?: Projection;
  sort?: Sort;
  skip?: number;
  limit?: number;
  pipeline?: Pipeline;
}

/** A refused part of the question: a JSON pointer into the request body, and why. */
export interface QueryProblem {
  pointer: string;
  detail: string;
}

/** The question to run, or every reason it is refused. */
export function checkAdHocQuery(body: AdHocQueryBody): { query: AdHocQuery } | { problems: QueryProblem[] } {
  const problems = [...forbiddenOperators(body, ''), ...dangerousPatterns(body, '')];
  const { filter, projection, sort, skip, limit, pipeline } = body;
  if (pipeline !== undefined) {
    const findFields = Object.entries({ filter, projection, sort, skip }).filter(([, value]) => value !== undefined);
    for (const [field] of findFields) {
      problems.push({ pointer: `/${field}`, detail: `${field} goes with a filter, not with a pipeline: send one of the two shapes` });
    }
    problems.push(...stageProblems(pipeline, '/pipeline'));
    return problems.length > 0 ? { problems } : { query: { pipeline, ...(limit === undefined ? {} : { limit }) } };
  }
  if (filter === undefined) {
    problems.push({ pointer: '/filter', detail: 'send a filter (with projection, sort, skip) or a pipeline' });
  }
  for (const [field, direction] of Object.entries(sort ?? {})) {
    if (direction !== 1 && direction !== -1) problems.push({ pointer: `/sort/${escape(field)}`, detail: 'a sort direction is 1 or -1' });
  }
  if (problems.length > 0 || filter === undefined) return { problems };
  return { query: { filter, projection, sort, skip, limit } };
}

/** Every field of every object anywhere in `value`, with its JSON pointer. */
function* fieldsDeep(value: unknown, pointer: string): Generator<{ key: string; inner: unknown; at: string }> {
  if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) yield* fieldsDeep(element, `${pointer}/${index}`);
  } else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const at = `${pointer}/${escape(key)}`;
      yield { key, inner, at };
      yield* fieldsDeep(inner, at);
    }
  }
}

/** Every forbidden operator used as a key anywhere in `value`, with its pointer. */
function forbiddenOperators(value: unknown, pointer: string): QueryProblem[] {
  return [...fieldsDeep(value, pointer)]
    .filter(({ key }) => FORBIDDEN_OPERATORS.includes(key))
    .map(({ key, at }) => ({
      pointer: at,
      detail: `${key} is not allowed: a question only reads, and runs no code (refused: ${FORBIDDEN_OPERATORS.join(', ')})`,
    }));
}

/** The expression operators whose `regex` argument is a pattern. */
const REGEX_EXPRESSIONS = ['$regexMatch', '$regexFind', '$regexFindAll'];

/**
 * Every pattern (`$regex`, and the `regex` of `$regexMatch`, `$regexFind`, `$regexFindAll`) that
 * safe-regex2 finds can take exponential time: a repetition inside a repetition, as in `(a+)+$`.
 * A pattern that is not a regular expression at all is left to the store to refuse in its words.
 */
function dangerousPatterns(value: unknown, pointer: string): QueryProblem[] {
  const problems: QueryProblem[] = [];
  for (const { key, inner, at } of fieldsDeep(value, pointer)) {
    const pattern =
      key === '$regex'
        ? { source: inner, at }
        : REGEX_EXPRESSIONS.includes(key) && isObject(inner)
          ? { source: inner.regex, at: `${at}/regex` }
          : undefined;
    if (pattern && typeof pattern.source === 'string' && isRegExp(pattern.source) && !safeRegex(pattern.source)) {
      problems.push({
        pointer: pattern.at,
        detail:
          'this regular expression can take exponential time (a repetition inside a repetition, as in (a+)+): write it without the nested repetition',
      });
    }
  }
  return problems;
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A pipeline's stages: one known, read-only stage each; `$lookup` only from a read model, its own pipeline checked alike. */
function stageProblems(pipeline: unknown, pointer: string): QueryProblem[] {
  if (!Array.isArray(pipeline)) return [{ pointer, detail: 'a pipeline is an array of stages' }];
  return pipeline.flatMap((stage: unknown, index): QueryProblem[] => {
    const at = `${pointer}/${index}`;
    if (!isObject(stage) || Object.keys(stage).length !== 1) {
      return [{ pointer: at, detail: 'a stage is an object with exactly one field, its name: { "$match": { … } }' }];
    }
    const [name] = Object.keys(stage);
    if (FORBIDDEN_OPERATORS.includes(name)) return []; // Reported by the walk over the whole question.
    if (!ALLOWED_STAGES.includes(name)) {
      return [{ pointer: `${at}/${escape(name)}`, detail: `${name} is not an allowed stage (allowed: ${ALLOWED_STAGES.join(', ')})` }];
    }
    return name === '$lookup' ? lookupProblems(stage.$lookup, `${at}/$lookup`) : [];
  });
}

function lookupProblems(lookup: unknown, pointer: string): QueryProblem[] {
  if (!isObject(lookup))
    return [{ pointer, detail: '$lookup takes an object: { from, localField, foreignField, as } or { from, let, pipeline, as }' }];
  const problems: QueryProblem[] = [];
  if (typeof lookup.from !== 'string' || !isQueryableCollection(lookup.from)) {
    problems.push({
      pointer: `${pointer}/from`,
      detail: `$lookup.from must name a read model: ${JSON.stringify(lookup.from ?? null)} is none`,
    });
  }
  if (typeof lookup.as !== 'string' || lookup.as === '')
    problems.push({ pointer: `${pointer}/as`, detail: '$lookup.as must name the field' });
  if (lookup.pipeline !== undefined) problems.push(...stageProblems(lookup.pipeline, `${pointer}/pipeline`));
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key as a JSON pointer token (RFC 6901). */
const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every collection a checked question reads: its own, and each `$lookup`'s, sub-pipelines included. */
export function collectionsRead(collection: string, query: AdHocQuery): string[] {
  const found = new Set([collection]);
  const visit = (pipeline: unknown): void => {
    if (!Array.isArray(pipeline)) return;
    for (const stage of pipeline) {
      const lookup = isObject(stage) && isObject(stage.$lookup) ? stage.$lookup : undefined;
      if (typeof lookup?.from === 'string') found.add(lookup.from);
      visit(lookup?.pipeline);
    }
  };
  if ('pipeline' in query) visit(query.pipeline);
  return [...found];
}
