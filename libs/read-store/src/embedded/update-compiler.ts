import { update as updateWithFilter } from 'mingo';
import { Filter, ReadDocument, Update } from '../read-store.port';
import { assertStringId, ImmutableIdError, newObjectId } from './documents';
import { copyJson, JsonObject, toJson } from './json';
import { equalityConditions } from './matching';

/** MongoDB's update operators, checked once per call and applied by mingo's operators. */

// The tsconfig's node10 module resolution ignores package "exports": mingo's subpath modules are
// loaded by their exported names and typed from the declaration files they ship.
const updateOperators = require('mingo/operators/update') as typeof import('mingo/types/operators/update');

type UpdateOperator = (expression: JsonObject) => (document: JsonObject) => string[];
/**
 * mingo's update operators called one by one: its `update()` rebuilds operator tables on every call
 * (~100 µs); the operators themselves cost a few µs. `update()` remains for the positional `$`.
 */
const UPDATE_OPERATORS = updateOperators as unknown as Record<string, UpdateOperator>;

/** The update of one call, checked and copied once, then applied to each matched document. */
export class CompiledUpdate {
  private readonly setOnInsert: JsonObject;
  private readonly operations: [operator: string, expression: JsonObject][];
  /** The positional `$` needs the filter, which only mingo's (slower) `update()` takes. */
  private readonly positional: boolean;
  private readonly setsId: boolean;

  constructor(update: Update) {
    const operators = Object.keys(update);
    if (operators.length === 0 || operators.some((operator) => !operator.startsWith('$'))) {
      throw new Error('Update document requires atomic operators');
    }
    for (const operator of operators) {
      if (operator === '$currentDate') {
        throw new Error('$currentDate is not supported: documents are JSON; $set a timestamp from the Clock instead');
      }
      if (operator !== '$setOnInsert' && !(operator in UPDATE_OPERATORS)) {
        throw new Error(`Unknown update operator: ${operator}`);
      }
    }
    const { $setOnInsert = {}, ...others } = toJson(update) as Record<string, JsonObject>;
    this.setOnInsert = $setOnInsert;
    this.operations = Object.entries(others);
    const paths = [
      ...Object.keys($setOnInsert),
      ...this.operations.flatMap(([operator, expression]) => [
        ...Object.keys(expression),
        ...(operator === '$rename' ? Object.values(expression).map(String) : []),
      ]),
    ];
    assertNoPathConflicts(paths);
    this.positional = paths.some((field) => field.split('.').includes('$'));
    this.setsId = this.operations.some(([operator, expression]) => operator === '$set' && '_id' in expression);
  }

  /** A new version of `document`, or undefined when the update changes nothing. */
  applyTo(document: ReadDocument, filter: Filter): ReadDocument | undefined {
    const updated = copyJson(document);
    const operations = this.setsId
      ? this.operations.map(([operator, expression]): [string, JsonObject] => [
          operator,
          operator === '$set' ? withoutUnchangedId(expression, document._id) : expression,
        ])
      : this.operations;
    let changed = false;
    if (this.positional) {
      changed = updateWithFilter(updated, Object.fromEntries(operations), undefined, filter).length > 0;
    } else {
      for (const [operator, expression] of operations) {
        changed = UPDATE_OPERATORS[operator](expression)(updated).length > 0 || changed;
      }
    }
    return changed ? updated : undefined;
  }

  /** What an upsert inserts, built in MongoDB's order: the filter's equality fields, `$setOnInsert`, the rest. */
  toInsert(filter: Filter): ReadDocument {
    const { _id: filterId, ...seed } = toJson(Object.fromEntries(equalityConditions(filter)));
    const setId = this.operations.find(([operator]) => operator === '$set')?.[1]._id;
    const id = filterId ?? this.setOnInsert._id ?? setId ?? newObjectId();
    assertStringId(id);
    const document: ReadDocument = { _id: id };
    const steps: [string, JsonObject][] = [['$set', seed], ['$set', this.setOnInsert], ...this.operations];
    for (const [operator, expression] of steps) {
      UPDATE_OPERATORS[operator](operator === '$set' ? withoutUnchangedId(expression, id) : expression)(document);
    }
    return document;
  }
}

/** MongoDB lets an update set `_id` to the value it already has and refuses any other change. */
function withoutUnchangedId(expression: JsonObject, id: string): JsonObject {
  if (!('_id' in expression)) return expression;
  const { _id: newId, ...others } = expression;
  if (newId !== id) throw new ImmutableIdError();
  return others;
}

/** MongoDB refuses an update that names one path twice, or a path and one of its parents. */
function assertNoPathConflicts(paths: string[]): void {
  const seen = new Set<string>();
  for (const field of paths) {
    if (seen.has(field)) throw new Error(`Updating the path '${field}' would create a conflict at '${field}'`);
    seen.add(field);
  }
  for (const field of paths) {
    for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) {
      const parent = field.slice(0, dot);
      if (seen.has(parent)) throw new Error(`Updating the path '${field}' would create a conflict at '${parent}'`);
    }
  }
}
