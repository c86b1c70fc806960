/**
 * Collections and indexes. These act on the committed data directly and are refused inside
 * transactions (as the server refuses most of them).
 */
import { decodeDocument, Document } from '../bson-values';
import { CommandError, namespaceNotFound } from '../errors';
import { describeIndex, duplicateKeyError, indexEntries, parseIndexSpec, sameKeyPattern } from '../indexes';
import { compileFilter } from '../query-engine';
import { collectionNameOf, CollectionState, ID_INDEX, IndexSpec } from '../storage';
import { CommandContext, CommandTable, namespaceOf } from './context';
import { documentField, documentsField } from './fields';

function create(context: CommandContext): Document {
  const namespace = namespaceOf(context, 'create');
  if (!context.server.storage.ensureCollection(namespace).created) {
    throw new CommandError('NamespaceExists', `Collection ${namespace} already exists.`);
  }
  return { ok: 1 };
}

function createIndexes(context: CommandContext): Document {
  const namespace = namespaceOf(context, 'createIndexes');
  const requested = documentsField(context.command, 'indexes').map(parseIndexSpec);
  const { collection, created } = context.server.storage.ensureCollection(namespace);
  const numIndexesBefore = collection.indexes.size;
  for (const index of requested) {
    if (isAlreadyThere(collection, index)) continue;
    if (index.unique) assertNoDuplicates(context, collection, index);
    collection.indexes.set(index.name, index);
  }
  const numIndexesAfter = collection.indexes.size;
  return {
    numIndexesBefore,
    numIndexesAfter,
    createdCollectionAutomatically: created,
    ...(numIndexesAfter === numIndexesBefore ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
}

/** True for an identical index; an index that clashes by name or key pattern is an error. */
function isAlreadyThere(collection: CollectionState, index: IndexSpec): boolean {
  for (const existing of collection.indexes.values()) {
    const sameName = existing.name === index.name;
    const sameKeys = sameKeyPattern(existing.key, index.key);
    if (sameName && sameKeys && existing.unique === index.unique) return true;
    if (sameName) {
      throw new CommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(describeIndex(index))}, existing index: ${JSON.stringify(describeIndex(existing))}`,
      );
    }
    if (sameKeys) {
      throw new CommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(describeIndex(index))}, existing index: ${JSON.stringify(describeIndex(existing))}`,
      );
    }
  }
  return false;
}

/** Building a unique index over values that repeat fails with E11000, as the server's index build does. */
function assertNoDuplicates(context: CommandContext, collection: CollectionState, index: IndexSpec): void {
  const { storage } = context.server;
  const seen = new Map<string, unknown[]>();
  for (const [, bytes] of storage.documentsAt(collection.namespace, storage.now)) {
    for (const [key, values] of indexEntries(index, decodeDocument(bytes))) {
      if (seen.has(key)) {
        const prefix = `Index build failed: ${collection.uuid.toHexString()}: Collection ${collection.namespace} ( ${collection.uuid.toHexString()} ) :: caused by :: `;
        throw duplicateKeyError(collection.namespace, index, values, prefix);
      }
      seen.set(key, values);
    }
  }
}

function listIndexes(context: CommandContext): Document {
  const namespace = namespaceOf(context, 'listIndexes');
  const collection = context.server.storage.collection(namespace);
  if (!collection) throw namespaceNotFound(namespace);
  const indexes = [...collection.indexes.values()].map(describeIndex);
  return { cursor: context.server.cursors.open(namespace, indexes, cursorOptions(context)), ok: 1 };
}

function listCollections(context: CommandContext): Document {
  const { command, database, server } = context;
  const nameOnly = command.nameOnly === true;
  const matches = compileFilter(documentField(command, 'filter') ?? {});
  const collections = server.storage
    .collectionsOf(database)
    .map((collection): Document => {
      const name = collectionNameOf(collection.namespace);
      if (nameOnly) return { name, type: 'collection' };
      return {
        name,
        type: 'collection',
        options: {},
        info: { readOnly: false, uuid: collection.uuid },
        idIndex: describeIndex(ID_INDEX),
      };
    })
    .filter(matches);
  return { cursor: server.cursors.open(`${database}.$cmd.listCollections`, collections, cursorOptions(context)), ok: 1 };
}

function drop(context: CommandContext): Document {
  const namespace = namespaceOf(context, 'drop');
  const dropped = context.server.storage.drop(namespace);
  // Current servers succeed on a missing collection (older ones said NamespaceNotFound, which drivers ignore).
  return dropped ? { nIndexesWas: dropped.indexes.size, ns: namespace, ok: 1 } : { ok: 1 };
}

function dropDatabase(context: CommandContext): Document {
  const { database, server } = context;
  for (const collection of server.storage.collectionsOf(database)) server.storage.drop(collection.namespace);
  return { dropped: database, ok: 1 };
}

function cursorOptions(context: CommandContext): { batchSize?: number } {
  const batchSize = documentField(context.command, 'cursor')?.batchSize;
  return typeof batchSize === 'number' ? { batchSize } : {};
}

export const catalogCommands: CommandTable = {
  create: { run: create },
  createIndexes: { run: createIndexes },
  listIndexes: { run: listIndexes },
  listCollections: { run: listCollections },
  drop: { run: drop },
  dropDatabase: { run: dropDatabase },
};
