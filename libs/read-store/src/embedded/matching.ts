import { Context } from 'mingo';
import type { Query as MingoQuery } from 'mingo/types/query';
import { Filter, Pipeline, ReadDocument } from '../read-store.port';
import { isIndexableValue } from './indexes';
import { isPlainObject, JsonObject } from './json';

/**
 * Filters as mingo evaluates them (with plain comparisons decided before it is asked), what a
 * filter says about the indexes it can use, and the pipeline rewrites the store needs from mingo.
 */

// The tsconfig's node10 module resolution ignores package "exports": mingo's subpath modules are
// loaded by their exported names and typed from the declaration files they ship.
const { Query } = require('mingo/query') as typeof import('mingo/types/query');
const queryOperators = require('mingo/operators/query') as typeof import('mingo/types/operators/query');
const expressionOperators = require('mingo/operators/expression') as typeof import('mingo/types/operators/expression');

/**
 * mingo copies its operator tables into every compiled query; with the query operators alone that
 * is ~3x cheaper than with the expression operators too, which only `$expr` needs.
 */
const QUERY_CONTEXT = Context.init({ query: queryOperators });
const EXPRESSION_QUERY_CONTEXT = Context.init({ query: queryOperators, expression: expressionOperators });

interface BucketStage {
  groupBy: unknown;
  boundaries: unknown[];
  default?: unknown;
  output?: JsonObject;
}

/**
 * mingo 7.2.7's $bucket puts a value equal to an inner boundary in the bucket below it and outputs
 * empty buckets. MongoDB defines $bucket as this $group on a $switch plus a $sort, which mingo
 * evaluates right. One difference remains: without a `default`, a value outside the boundaries
 * lands in a null bucket here, where MongoDB fails the aggregation.
 */
export function desugarBuckets(pipeline: Pipeline): Pipeline {
  return pipeline.flatMap((stage) => {
    if (isPlainObject(stage.$facet)) {
      const facets = Object.entries(stage.$facet as Record<string, Pipeline>);
      return [{ $facet: Object.fromEntries(facets.map(([name, facet]) => [name, desugarBuckets(facet)])) }];
    }
    if (!isPlainObject(stage.$bucket)) return [stage];
    const bucket = stage.$bucket as unknown as BucketStage;
    const { groupBy, boundaries, default: fallback, output = { count: { $sum: 1 } } } = bucket;
    const branches = boundaries.slice(0, -1).map((lower, i) => ({
      case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
      then: lower,
    }));
    return [{ $group: { _id: { $switch: { branches, default: fallback ?? null } }, ...output } }, { $sort: { _id: 1 } }];
  });
}

export function compileFilter(filter: Filter): MingoQuery {
  return new Query(filter, { context: usesExpressions(filter) ? EXPRESSION_QUERY_CONTEXT : QUERY_CONTEXT });
}

type Check = (document: ReadDocument) => boolean | undefined;
const COMPARISONS: Record<string, (value: string | number, operand: string | number) => boolean> = {
  $eq: (value, operand) => value === operand,
  $lt: (value, operand) => value < operand,
  $lte: (value, operand) => value <= operand,
  $gt: (value, operand) => value > operand,
  $gte: (value, operand) => value >= operand,
};

/**
 * A test of `filter`. Top-level equalities and comparisons with a string, number or boolean are
 * decided here when the document's field holds a value of the same type (plain comparison, as in
 * MongoDB); everything else, and any document they cannot decide, goes to mingo.
 */
export function compileMatcher(filter: Filter): (document: ReadDocument) => boolean {
  let query: MingoQuery | undefined;
  const test = (document: ReadDocument) => (query ??= compileFilter(filter)).test(document);
  const checks = simpleChecks(filter);
  if (!checks) return test;
  return (document) => {
    for (const check of checks) {
      const verdict = check(document);
      if (verdict === false) return false;
      if (verdict === undefined) return test(document);
    }
    return true;
  };
}

function simpleChecks(filter: Filter): Check[] | undefined {
  const checks: Check[] = [];
  const isOperand = (value: unknown): value is string | number =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  for (const field of Object.keys(filter)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    const condition = filter[field];
    if (isOperand(condition) || typeof condition === 'boolean') {
      checks.push((document) => {
        const value = document[field];
        return typeof value === typeof condition ? value === condition : undefined;
      });
      continue;
    }
    if (!isOperatorCondition(condition)) return undefined;
    for (const operator of Object.keys(condition)) {
      const members = operator === '$in' ? condition.$in : undefined;
      if (Array.isArray(members) && members.length > 0 && members.every(isOperand)) {
        // A set instead of mingo's walk through the list: `customerId: { $in: <a collector's 2,000> }`.
        const set = new Set<unknown>(members);
        const types = new Set(members.map((member) => typeof member));
        checks.push((document) => {
          const value = document[field];
          return types.has(typeof value) ? set.has(value) : undefined;
        });
        continue;
      }
      const compare = Object.hasOwn(COMPARISONS, operator) ? COMPARISONS[operator] : undefined;
      const operand = condition[operator];
      if (!compare || !isOperand(operand)) return undefined;
      checks.push((document) => {
        const value = document[field];
        return typeof value === typeof operand ? compare(value as string | number, operand) : undefined;
      });
    }
  }
  return checks;
}

function usesExpressions(filter: Filter): boolean {
  return Object.entries(filter).some(
    ([field, condition]) =>
      field === '$expr' || (['$and', '$or', '$nor'].includes(field) && Array.isArray(condition) && condition.some(usesExpressions)),
  );
}

/** `{ $gt: 1 }`-style conditions, as opposed to a value the field must equal. */
function isOperatorCondition(condition: unknown): condition is JsonObject {
  if (!isPlainObject(condition)) return false;
  const [first] = Object.keys(condition);
  return first !== undefined && first.startsWith('$');
}

/** The values a filter requires fields to equal: `{ f: v }`, `{ f: { $eq: v } }`, also inside `$and`. */
export function equalityConditions(filter: Filter, found = new Map<string, unknown>()): Map<string, unknown> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) equalityConditions(clause, found);
    } else if (!field.startsWith('$') && !(condition instanceof RegExp)) {
      if (!isOperatorCondition(condition)) found.set(field, condition);
      else if ('$eq' in condition) found.set(field, condition.$eq);
    }
  }
  return found;
}

/** The id of a filter that is `{ _id: <string> }` and nothing else: the projector's lookup of each document it changes. */
export function idOnly(filter: Filter): string | undefined {
  return typeof filter._id === 'string' && Object.keys(filter).length === 1 ? filter._id : undefined;
}

/**
 * The values of each top-level `field: { $in: [...] }` condition (`$in` its only operator, so that a
 * document found by the list needs no other test of that field) whose list holds only strings,
 * numbers and booleans: values an index can look up, one key each; `_id`'s, ids to get.
 */
export function membershipConditions(filter: Filter): Map<string, (string | number | boolean)[]> {
  const found = new Map<string, (string | number | boolean)[]>();
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$') || !isOperatorCondition(condition) || Object.keys(condition).length !== 1) continue;
    const values: unknown = condition.$in;
    if (Array.isArray(values) && values.every(isIndexableValue)) found.set(field, [...new Set(values)]);
  }
  return found;
}

const READING_STAGES = new Set(['$match', '$sort', '$skip', '$limit']);
const GROUPING_STAGES = new Set(['$group', '$count', '$sortByCount', '$bucket', '$bucketAuto']);

/**
 * Whether the pipeline leaves its input documents alone: stages that only read them ($unwind in
 * its plain form builds new ones) up to a grouping stage. Frozen input makes a mistake here throw.
 */
export function readsThenGroups(pipeline: Pipeline): boolean {
  for (const stage of pipeline) {
    const [name] = Object.keys(stage);
    if (GROUPING_STAGES.has(name)) return true;
    const plainUnwind = name === '$unwind' && typeof stage.$unwind === 'string';
    if (!READING_STAGES.has(name) && !plainUnwind) return false;
  }
  return false;
}
