import type { MessagePort } from 'node:worker_threads';
import type { FileWrite } from './file';

/** What the writer thread starts with. */
export interface WriterData {
  file: string;
  /** An Int32Array over it: `WriterState`. */
  state: SharedArrayBuffer;
  port: MessagePort;
}

export enum WriterState {
  Starting = 0,
  /** Opened the file (or failed to: then a 'failed' message is already on the port). */
  Settled = 1,
}

export type ToWriter = { kind: 'write'; seq: number; write: FileWrite } | { kind: 'close' };

export type FromWriter =
  | { kind: 'written'; /** Every write up to it is on disk. */ seq: number }
  | { kind: 'failed'; message: string; ownedElsewhere: boolean }
  | { kind: 'closed' };
