/**
 * The embedded read store's writer thread: it owns the SQLite file and applies the store's commits
 * in order, while the store's thread goes on with the next ones. Whatever has queued up while a
 * transaction was being written goes into the next one, with one fsync for all of it.
 */
import type Database from 'better-sqlite3';
import { MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { fileWriter, FileOwnedElsewhereError, openFile } from './file';
import { FromWriter, ToWriter, WriterData, WriterState } from './file-writer.protocol';

const { file, state, port } = workerData as WriterData;
const opened = new Int32Array(state);

function report(message: FromWriter): void {
  port.postMessage(message);
}

function start(): Database.Database | undefined {
  try {
    return openFile(file);
  } catch (error) {
    report({ kind: 'failed', message: (error as Error).message, ownedElsewhere: error instanceof FileOwnedElsewhereError });
    return undefined;
  } finally {
    // The store's thread waits on this (synchronously) before its constructor returns.
    Atomics.store(opened, 0, WriterState.Settled);
    Atomics.notify(opened, 0);
  }
}

function serve(db: Database.Database, channel: MessagePort): void {
  const write = fileWriter(db);
  channel.on('message', (first: ToWriter) => {
    const queued: ToWriter[] = [first];
    for (let next = receiveMessageOnPort(channel); next; next = receiveMessageOnPort(channel)) {
      queued.push(next.message as ToWriter);
    }
    const closing = queued.some((message) => message.kind === 'close');
    const writes = queued.flatMap((message) => (message.kind === 'write' ? [message] : []));
    try {
      if (writes.length > 0) {
        write(writes.map((message) => message.write));
        report({ kind: 'written', seq: writes[writes.length - 1].seq });
      }
    } catch (error) {
      // Memory is ahead of the file now: the store refuses further work until it is reopened.
      report({ kind: 'failed', message: (error as Error).message, ownedElsewhere: false });
      db.close();
      channel.close();
      return;
    }
    if (closing) {
      db.close();
      report({ kind: 'closed' });
      channel.close();
    }
  });
}

const db = start();
if (db) serve(db, port);
else port.close();
