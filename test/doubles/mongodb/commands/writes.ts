/**
 * insert, update and delete: each is a batch of statements, applied in order. A statement that
 * fails is reported in `writeErrors` of an `ok: 1` reply; an ordered batch stops there, and the
 * statements before it stay applied (outside a transaction). Inside a transaction a failed
 * statement aborts the transaction, and a write conflict fails the whole command.
 */
import { ObjectId } from 'bson';
import { Document, encodeDocument, withIdFirst } from '../bson-values';
import { badValue, CommandError, failedToParse } from '../errors';
import { compileFilter } from '../query-engine';
import { UnitOfWork } from '../unit-of-work';
import { parseUpdate, updatedDocument, upsertedDocument, UpdateStatement } from '../update-engine';
import { CommandContext, CommandTable, namespaceOf } from './context';
import { booleanField, documentField, documentsField, numberField } from './fields';

/** The statements of one write command, run one by one, with their write errors collected. */
class StatementBatch {
  readonly writeErrors: Document[] = [];

  constructor(
    private readonly context: CommandContext,
    private readonly ordered: boolean,
  ) {}

  /** Runs each statement until one fails (ordered) or all have run; the results of those that succeeded. */
  async run<S, R>(statements: S[], execute: (unit: UnitOfWork, statement: S) => R): Promise<[index: number, result: R][]> {
    const results: [number, R][] = [];
    for (const [index, statement] of statements.entries()) {
      try {
        results.push([index, await this.context.write((unit) => execute(unit, statement))]);
      } catch (error) {
        if (!(error instanceof CommandError) || (this.context.transaction && error.abortsTransaction)) throw error;
        this.writeErrors.push(error.toWriteError(index));
        if (this.ordered) break;
      }
    }
    return results;
  }

  reply(fields: Document): Document {
    return { ...fields, ...(this.writeErrors.length > 0 ? { writeErrors: this.writeErrors } : {}), ok: 1 };
  }
}

async function insert(context: CommandContext): Promise<Document> {
  const namespace = namespaceOf(context, 'insert');
  const documents = documentsField(context.command, 'documents');
  const batch = new StatementBatch(context, booleanField(context.command, 'ordered', true));
  const inserted = await batch.run(documents, (unit, document) => unit.insert(namespace, prepareInsert(document)));
  return batch.reply({ n: inserted.length });
}

/** `_id` first, and generated when missing (drivers usually generate it themselves). */
function prepareInsert(document: Document): Document {
  if (Array.isArray(document._id)) throw badValue("can't use an array for _id");
  return withIdFirst({ ...document, _id: document._id ?? new ObjectId() });
}

interface UpdateOutcome {
  readonly matched: number;
  readonly modified: number;
  /** Set when nothing matched and the statement inserted a document. */
  readonly upsertedId?: unknown;
}

async function update(context: CommandContext): Promise<Document> {
  const namespace = namespaceOf(context, 'update');
  const statements = documentsField(context.command, 'updates');
  const batch = new StatementBatch(context, booleanField(context.command, 'ordered', true));
  const outcomes = await batch.run(statements, (unit, statement) => applyUpdate(unit, namespace, statement));
  const upserted = outcomes.flatMap(([index, { upsertedId }]) => (upsertedId === undefined ? [] : [{ index, _id: upsertedId }]));
  return batch.reply({
    n: outcomes.reduce((total, [, outcome]) => total + outcome.matched, 0) + upserted.length,
    nModified: outcomes.reduce((total, [, outcome]) => total + outcome.modified, 0),
    ...(upserted.length > 0 ? { upserted } : {}),
  });
}

function applyUpdate(unit: UnitOfWork, namespace: string, statement: Document): UpdateOutcome {
  const parsed: UpdateStatement = {
    filter: documentField(statement, 'q') ?? {},
    update: parseUpdate(Array.isArray(statement.u) ? (statement.u as Document[]) : (documentField(statement, 'u') ?? {})),
    arrayFilters: Array.isArray(statement.arrayFilters) ? (statement.arrayFilters as Document[]) : undefined,
  };
  const multi = booleanField(statement, 'multi', false);
  if (multi && parsed.update.kind === 'replacement') throw failedToParse('multi update is not supported for replacement-style update');
  const matches = compileFilter(parsed.filter);
  const matched = unit.documents(namespace).filter(({ document }) => matches(document));
  const targets = multi ? matched : matched.slice(0, 1);
  let modified = 0;
  for (const { key, document } of targets) {
    const updated = updatedDocument(document, parsed);
    // An update that leaves the document as it was is matched but not modified.
    if (encodeDocument(updated).equals(encodeDocument(document))) continue;
    unit.replace(namespace, key, updated);
    modified += 1;
  }
  if (targets.length > 0 || !booleanField(statement, 'upsert', false)) return { matched: targets.length, modified };
  const inserted = upsertedDocument(parsed);
  unit.insert(namespace, inserted);
  return { matched: 0, modified: 0, upsertedId: inserted._id };
}

async function remove(context: CommandContext): Promise<Document> {
  const namespace = namespaceOf(context, 'delete');
  const statements = documentsField(context.command, 'deletes');
  const batch = new StatementBatch(context, booleanField(context.command, 'ordered', true));
  const deleted = await batch.run(statements, (unit, statement) => {
    const limit = numberField(statement, 'limit') ?? 0;
    if (limit !== 0 && limit !== 1) throw failedToParse('The limit field in delete objects must be 0 or 1.');
    const matches = compileFilter(documentField(statement, 'q') ?? {});
    const matched = unit.documents(namespace).filter(({ document }) => matches(document));
    const targets = limit === 1 ? matched.slice(0, 1) : matched;
    for (const { key } of targets) unit.remove(namespace, key);
    return targets.length;
  });
  return batch.reply({ n: deleted.reduce((total, [, count]) => total + count, 0) });
}

export const writeCommands: CommandTable = {
  insert: { run: insert, inTransaction: true, retryableWrite: true },
  update: { run: update, inTransaction: true, retryableWrite: true },
  delete: { run: remove, inTransaction: true, retryableWrite: true },
};
