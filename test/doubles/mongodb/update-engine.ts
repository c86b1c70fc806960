/**
 * The `u` of an update statement applied as the server applies it: update operators (through
 * mingo's updater), a replacement document, or an aggregation pipeline; and what an upsert
 * inserts when nothing matches. `_id` never changes.
 */
import { ObjectId } from 'bson';
import { update as applyOperators } from 'mingo';
import { Document, formatValue, isDocument, sameValue, withIdFirst } from './bson-values';
import { badValue, CommandError, failedToParse, immutableId } from './errors';
import { runPipeline } from './query-engine';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$bit',
  '$setOnInsert',
]);

/** The `u` of an update statement, by what it is. */
export type ParsedUpdate =
  | { readonly kind: 'operators'; readonly operators: Document }
  | { readonly kind: 'replacement'; readonly replacement: Document }
  | { readonly kind: 'pipeline'; readonly stages: Document[] };

export interface UpdateStatement {
  readonly filter: Document;
  readonly update: ParsedUpdate;
  readonly arrayFilters?: Document[];
}

/** Operators if any top-level field starts with `$` (then all must be known operators), else a replacement. */
export function parseUpdate(update: Document | Document[]): ParsedUpdate {
  if (Array.isArray(update)) return { kind: 'pipeline', stages: update };
  const fields = Object.keys(update);
  if (!fields.some((field) => field.startsWith('$'))) return { kind: 'replacement', replacement: update };
  for (const field of fields) {
    if (!UPDATE_OPERATORS.has(field)) {
      throw failedToParse(`Unknown modifier: ${field}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
  }
  return { kind: 'operators', operators: update };
}

/** The matched document after the update: a new object (the input is left alone). */
export function updatedDocument(current: Document, statement: UpdateStatement): Document {
  const { update } = statement;
  switch (update.kind) {
    case 'replacement': {
      const { replacement } = update;
      if (replacement._id !== undefined && !sameValue(replacement._id, current._id)) throw alteredIdError(replacement._id);
      return withIdFirst({ ...replacement, _id: current._id });
    }
    case 'pipeline':
      return keepingId(current, runPipeline([deepCopy(current)], update.stages, () => [])[0] ?? {});
    case 'operators': {
      // $setOnInsert only acts when the update inserts.
      const operators = withoutField(update.operators, '$setOnInsert');
      return keepingId(current, withOperators(current, operators, statement.arrayFilters, statement.filter));
    }
  }
}

/**
 * The document an upsert inserts: the equality conditions of the filter (`_id` included), then
 * `$setOnInsert`, then the other operators; or the replacement, with the filter's `_id` if it has
 * none. Without any `_id`, a new ObjectId.
 */
export function upsertedDocument(statement: UpdateStatement): Document {
  const { filter, update, arrayFilters } = statement;
  const seed = equalitySeed(filter);
  let document: Document;
  switch (update.kind) {
    case 'replacement': {
      const { replacement } = update;
      if (replacement._id !== undefined && seed._id !== undefined && !sameValue(replacement._id, seed._id)) {
        throw alteredIdError(replacement._id);
      }
      document = { ...replacement, _id: replacement._id ?? seed._id };
      break;
    }
    case 'pipeline':
      document = runPipeline([seed], update.stages, () => [])[0] ?? {};
      break;
    case 'operators': {
      const setOnInsert = update.operators.$setOnInsert;
      const seeded = isDocument(setOnInsert) ? withOperators(seed, { $set: setOnInsert }, arrayFilters) : seed;
      document = withOperators(seeded, withoutField(update.operators, '$setOnInsert'), arrayFilters);
      if (seed._id !== undefined && !sameValue(document._id, seed._id)) throw alteredIdError(document._id);
      break;
    }
  }
  return withIdFirst({ ...document, _id: document._id ?? new ObjectId() });
}

/**
 * The fields a filter pins to one value, as a document: `{ f: v }` and `{ f: { $eq: v } }`, at the
 * top level or inside `$and`; dotted paths become embedded documents.
 */
export function equalitySeed(filter: Document): Document {
  const equalities: Document = {};
  const collect = (clauses: Document) => {
    for (const [field, condition] of Object.entries(clauses)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const clause of condition) if (isDocument(clause)) collect(clause);
      } else if (!field.startsWith('$') && !(condition instanceof RegExp)) {
        if (!isOperatorCondition(condition)) equalities[field] = condition;
        else if ('$eq' in condition && !isOperatorCondition(condition.$eq)) equalities[field] = condition.$eq;
      }
    }
  };
  collect(filter);
  const seed: Document = {};
  for (const [path, value] of Object.entries(equalities)) setPath(seed, path, value);
  return seed;
}

/** Sets a dotted path, creating the embedded documents on the way. */
function setPath(document: Document, path: string, value: unknown): void {
  const segments = path.split('.');
  let target = document;
  for (const [depth, segment] of segments.entries()) {
    if (depth === segments.length - 1) {
      if (segment in target) throw badValue(`cannot infer query fields to set, path '${path}' is matched twice`);
      target[segment] = value;
      return;
    }
    target[segment] ??= {};
    const next = target[segment];
    if (!isDocument(next)) throw badValue(`cannot infer query fields to set, path '${path}' is matched twice`);
    target = next;
  }
}

/**
 * `matchedFilter` is the filter the document matched, which the positional `$` refers to (mingo
 * applies nothing to a document that does not match it, so an upsert passes none).
 */
function withOperators(document: Document, operators: Document, arrayFilters?: Document[], matchedFilter?: Document): Document {
  const target = deepCopy(document);
  const modifier = sortedOperands(withoutUnchangedId(operators, target._id));
  try {
    applyOperators(target, modifier, arrayFilters, matchedFilter);
  } catch (error) {
    throw translateUpdateError(error);
  }
  return target;
}

/**
 * Setting `_id` to the value it has is allowed; touching it any other way is refused, before
 * anything is applied. A document without an `_id` yet (an upsert's seed) may get one.
 */
function withoutUnchangedId(operators: Document, id: unknown): Document {
  const result: Document = {};
  for (const [operator, operands] of Object.entries(operators)) {
    if (!isDocument(operands)) throw failedToParse(`Modifiers operate on fields but we found type ${typeof operands} instead.`);
    const kept: Document = {};
    for (const [path, value] of Object.entries(operands)) {
      const touchesId = path === '_id' || path.startsWith('_id.') || (operator === '$rename' && value === '_id');
      if (touchesId && id !== undefined) {
        if (operator === '$set' && path === '_id' && sameValue(value, id)) continue;
        throw immutableId();
      }
      kept[path] = value;
    }
    result[operator] = kept;
  }
  return result;
}

/**
 * Since 5.0 the server applies an operator's fields in lexicographic order (numeric names
 * numerically), so new fields are appended in that order whatever order the client wrote them.
 */
function sortedOperands(operators: Document): Document {
  const byFieldName = ([left]: [string, unknown], [right]: [string, unknown]) => {
    const bothNumeric = /^\d+$/.test(left) && /^\d+$/.test(right);
    return bothNumeric ? Number(left) - Number(right) : left < right ? -1 : left > right ? 1 : 0;
  };
  return Object.fromEntries(
    Object.entries(operators).map(([operator, operands]) => [
      operator,
      Object.fromEntries(Object.entries(operands as Document).sort(byFieldName)),
    ]),
  );
}

function keepingId(current: Document, updated: Document): Document {
  if (updated._id === undefined) return withIdFirst({ ...updated, _id: current._id });
  if (!sameValue(updated._id, current._id)) throw alteredIdError(updated._id);
  return updated;
}

function alteredIdError(id: unknown): CommandError {
  return new CommandError(
    'ImmutableField',
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(id)}`,
  );
}

function translateUpdateError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/would create a conflict/i.test(message)) {
    return new CommandError('ConflictingUpdateOperators', message.charAt(0).toUpperCase() + message.slice(1));
  }
  return new CommandError('BadValue', message);
}

function withoutField(document: Document, field: string): Document {
  return Object.fromEntries(Object.entries(document).filter(([name]) => name !== field));
}

function isOperatorCondition(condition: unknown): condition is Document {
  if (!isDocument(condition)) return false;
  const [first] = Object.keys(condition);
  return first !== undefined && first.startsWith('$');
}

/**
 * A deep copy that keeps BSON values (ObjectId, Long, …) intact: mingo's updater changes documents
 * in place, and the caller's copy must not change with it.
 */
function deepCopy(document: Document): Document {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (isDocument(value)) return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, copy(inner)]));
    return value;
  };
  return copy(document) as Document;
}
