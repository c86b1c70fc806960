/**
 * Query and aggregation semantics, evaluated by mingo (a MongoDB query language for in-memory
 * objects) over documents decoded from BSON. Where mingo 7 parts from the server on something the
 * adapter relies on, the difference is corrected here, not in the callers.
 */
import { Context } from 'mingo';
import type { Iterator } from 'mingo/types/lazy';
import type { PipelineOperator } from 'mingo/types/types';
import { Document, isDocument } from './bson-values';
import { badValue, CommandError } from './errors';

// mingo's root `Query` and `Aggregator` put its default operators ahead of any given, so the
// corrected $bucket below could not win; the base classes take the context as given. The tsconfig's
// node10 resolution ignores package "exports": subpath modules are loaded by their exported names
// and typed from the declaration files mingo ships (as in the embedded read store).
const { Aggregator } = require('mingo/aggregator') as typeof import('mingo/types/aggregator');
const { Query } = require('mingo/query') as typeof import('mingo/types/query');
const accumulatorOperators = require('mingo/operators/accumulator') as typeof import('mingo/types/operators/accumulator');
const expressionOperators = require('mingo/operators/expression') as typeof import('mingo/types/operators/expression');
const pipelineOperators = require('mingo/operators/pipeline') as typeof import('mingo/types/operators/pipeline');
const projectionOperators = require('mingo/operators/projection') as typeof import('mingo/types/operators/projection');
const queryOperators = require('mingo/operators/query') as typeof import('mingo/types/operators/query');
const windowOperators = require('mingo/operators/window') as typeof import('mingo/types/operators/window');

export type Pipeline = Document[];

export interface FindOptions {
  readonly sort?: Document;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: Document;
}

/** What a $bucket `$switch` yields for a value outside every bucket when there is no `default`. */
const OUT_OF_BUCKETS = '\u0000wire-protocol-double: out of every bucket';

interface BucketStage {
  readonly groupBy: unknown;
  readonly boundaries: unknown[];
  readonly default?: unknown;
  readonly output?: Document;
}

/**
 * mingo 7.2's $bucket puts a value equal to an inner boundary into the bucket below it and outputs
 * empty buckets; the server's buckets include their lower boundary, and only non-empty ones are
 * output. The server itself expands $bucket into a $group on a $switch over the boundaries and a
 * $sort on _id (document_source_bucket.cpp), which mingo evaluates right: so does this.
 */
function $bucket(collection: Iterator, stage: BucketStage): Iterator {
  const { groupBy, boundaries, default: fallback, output = { count: { $sum: 1 } } } = stage;
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw new CommandError('BadValue', "$bucket requires 'boundaries' to be an array of at least 2 values");
  }
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
    then: lower,
  }));
  const bucketOf = { $switch: { branches, default: fallback === undefined ? OUT_OF_BUCKETS : fallback } };
  return new Aggregator([{ $group: { _id: bucketOf, ...output } }, { $sort: { _id: 1 } }], { context: SERVER_CONTEXT })
    .stream(collection)
    .map((bucket: Document) => {
      if (bucket._id === OUT_OF_BUCKETS) {
        throw new CommandError(
          'SwitchWithoutMatchingBranch',
          'PlanExecutor error during aggregation :: caused by :: $switch could not find a matching branch for an input, and no default was specified.',
        );
      }
      return bucket;
    });
}

/** Every mingo operator, with the server's semantics where mingo's differ. */
const SERVER_CONTEXT: Context = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: { ...pipelineOperators, $bucket: $bucket as unknown as PipelineOperator },
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
});

/** Compiles a filter once, to test many documents. */
export function compileFilter(filter: Document): (document: Document) => boolean {
  const query = translatingErrors(() => new Query(filter, { context: SERVER_CONTEXT }));
  return (document) => translatingErrors(() => query.test(document));
}

export function findDocuments(documents: Document[], filter: Document, options: FindOptions): Document[] {
  return translatingErrors(() => {
    let cursor = new Query(filter, { context: SERVER_CONTEXT }).find<Document>(documents, options.projection);
    if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    // The server reads a limit of 0 as "no limit".
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all();
  });
}

/** Runs `pipeline` over `documents`; `$lookup` and friends read other collections through `resolveCollection`. */
export function runPipeline(documents: Document[], pipeline: Pipeline, resolveCollection: (name: string) => Document[]): Document[] {
  for (const stage of pipeline) {
    if (!isDocument(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError('TypeMismatch', 'Each element of the pipeline must be an object with exactly one field');
    }
    if ('$out' in stage || '$merge' in stage) {
      throw badValue('The wire-protocol double does not implement $out and $merge');
    }
  }
  return translatingErrors(() =>
    new Aggregator(pipeline, { context: SERVER_CONTEXT, collectionResolver: resolveCollection }).run<Document>(documents),
  );
}

/** mingo reports bad queries with plain errors; the server answers them as BadValue. */
function translatingErrors<R>(evaluate: () => R): R {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw badValue(error instanceof Error ? error.message : String(error));
  }
}
