/**
 * The SQLite event store's reader thread: reads pages of events for subscriptions that are
 * catching up on a long history, on its own read-only connection, while the subscriber's thread
 * handles the page before. WAL lets it read beside the writers.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { PageRequest, PageResponse, ReaderData } from './sqlite-page-reader';

const { file, busyTimeoutMs } = workerData as ReaderData;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
const statements = new Map<string, Database.Statement<unknown[], unknown[]>>();

parentPort?.on('message', ({ id, sql, params }: PageRequest) => {
  let response: PageResponse;
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare<unknown[], unknown[]>(sql).raw()));
    response = { id, rows: statement.all(...params) };
  } catch (error) {
    response = { id, error: (error as Error).message };
  }
  parentPort?.postMessage(response);
});
