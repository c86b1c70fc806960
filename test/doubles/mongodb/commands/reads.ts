/** Commands that read documents: find, aggregate and count, and the cursor commands behind them. */
import { Document } from '../bson-values';
import { CommandError, failedToParse, typeMismatch } from '../errors';
import { compileFilter, findDocuments, runPipeline } from '../query-engine';
import { CommandContext, CommandTable, namespaceOf } from './context';
import { booleanField, documentField, numberField } from './fields';

/**
 * A read's bounds as the server takes them: `maxTimeMS` (0 or absent: none) fails the command with
 * MaxTimeMSExpired once it has run longer (the double checks when the result is computed, the
 * server while it computes: the same answer, later); `allowDiskUse` is type-checked and accepted
 * (the double holds everything in memory, and sets no 100 MB limit on a stage).
 */
function withinBounds<R>(command: Document, read: () => R): R {
  const maxTimeMS = numberField(command, 'maxTimeMS') ?? 0;
  booleanField(command, 'allowDiskUse', true);
  const started = performance.now();
  const result = read();
  if (maxTimeMS > 0 && performance.now() - started > maxTimeMS) {
    throw new CommandError('MaxTimeMSExpired', 'operation exceeded time limit');
  }
  return result;
}

function find(context: CommandContext): Document {
  const { command, server } = context;
  const namespace = namespaceOf(context, 'find');
  const documents = visibleDocuments(context, namespace);
  const results = withinBounds(command, () =>
    findDocuments(documents, documentField(command, 'filter') ?? {}, {
      sort: documentField(command, 'sort'),
      projection: documentField(command, 'projection'),
      skip: numberField(command, 'skip'),
      limit: numberField(command, 'limit'),
    }),
  );
  const cursor = server.cursors.open(namespace, results, {
    batchSize: numberField(command, 'batchSize'),
    singleBatch: command.singleBatch === true,
    transaction: context.transaction,
  });
  return { cursor, ok: 1 };
}

function aggregate(context: CommandContext): Document {
  const { command, server } = context;
  if (typeof command.aggregate !== 'string') {
    throw new CommandError('BadValue', 'The wire-protocol double runs collection aggregations only ({ aggregate: <collection> })');
  }
  const namespace = namespaceOf(context, 'aggregate');
  if (!Array.isArray(command.pipeline)) throw typeMismatch("'pipeline' must be an array");
  const cursorOptions = documentField(command, 'cursor');
  if (!cursorOptions) throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
  const resolveCollection = (name: string) => visibleDocuments(context, `${context.database}.${name}`);
  const results = withinBounds(command, () =>
    runPipeline(visibleDocuments(context, namespace), command.pipeline as Document[], resolveCollection),
  );
  const cursor = server.cursors.open(namespace, results, {
    batchSize: numberField(cursorOptions, 'batchSize'),
    transaction: context.transaction,
  });
  return { cursor, ok: 1 };
}

function getMore(context: CommandContext): Document {
  const { command, server } = context;
  const id = command.getMore;
  if (typeof id !== 'number') throw typeMismatch("Field 'getMore' must be of type long");
  const namespace = namespaceOf(context, 'collection');
  return { cursor: server.cursors.getMore(id, namespace, numberField(command, 'batchSize')), ok: 1 };
}

function killCursors(context: CommandContext): Document {
  const { command, server } = context;
  const ids = command.cursors;
  if (!Array.isArray(ids) || !ids.every((id): id is number => typeof id === 'number')) {
    throw typeMismatch("Field 'cursors' must be an array of longs");
  }
  return { ...server.cursors.kill(namespaceOf(context, 'killCursors'), ids), ok: 1 };
}

/** The legacy `count` command (drivers' countDocuments sends an aggregate instead). */
function count(context: CommandContext): Document {
  const { command } = context;
  const matches = compileFilter(documentField(command, 'query') ?? {});
  const skip = numberField(command, 'skip') ?? 0;
  const limit = numberField(command, 'limit') || Infinity;
  const matching = visibleDocuments(context, namespaceOf(context, 'count')).filter(matches).length;
  return { n: Math.max(0, Math.min(matching - skip, limit)), ok: 1 };
}

function visibleDocuments(context: CommandContext, namespace: string): Document[] {
  return context
    .reader()
    .documents(namespace)
    .map(({ document }) => document);
}

export const readCommands: CommandTable = {
  find: { run: find, inTransaction: true },
  aggregate: { run: aggregate, inTransaction: true },
  getMore: { run: getMore, inTransaction: true },
  killCursors: { run: killCursors, inTransaction: true },
  count: { run: count },
};
