import * as path from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { FileOwnedElsewhereError, FileWrite } from './file';
import { FromWriter, ToWriter, WriterData, WriterState } from './file-writer.protocol';

/** How long opening waits for the writer thread to start and take the file's lock. */
const START_TIMEOUT_MS = 30_000;

/**
 * Hands the store's commits to the writer thread (`file-writer.worker.ts`), which owns the SQLite
 * file: writing to disk runs beside the store's thread, on another core. Commits are numbered and
 * written in order; `written(seq)` resolves once a commit and every one before it is on disk.
 */
export class FileWriter {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private submitted = 0;
  private written = 0;
  private failure: Error | undefined;
  private readonly waiting: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly exited: Promise<void>;

  /** Returns once the writer thread holds the file; throws if another process owns it. */
  constructor(file: string) {
    const channel = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const workerData: WriterData = { file, state: state.buffer as SharedArrayBuffer, port: channel.port2 };
    this.worker = new Worker(workerFile(), { workerData, transferList: [channel.port2], execArgv: workerExecArgv() });
    this.port = channel.port1;
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));

    // A constructor cannot await: wait on shared memory, then read the port synchronously.
    Atomics.wait(state, 0, WriterState.Starting, START_TIMEOUT_MS);
    const startFailure = receiveMessageOnPort(this.port)?.message as FromWriter | undefined;
    if (Atomics.load(state, 0) !== WriterState.Settled || startFailure?.kind === 'failed') {
      void this.worker.terminate();
      this.port.close();
      if (startFailure?.kind === 'failed' && startFailure.ownedElsewhere) {
        throw new FileOwnedElsewhereError(file, new Error(startFailure.message));
      }
      throw new Error(
        `The read store's writer could not open ${file}: ${startFailure?.kind === 'failed' ? startFailure.message : 'timed out'}`,
      );
    }
    this.port.on('message', (message: FromWriter) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('The read store writer stopped')));
    // An idle store keeps no process alive; one with writes on their way does (see `submit`).
    this.port.unref();
    this.worker.unref();
  }

  /** Queues one commit's write; throws once the file could not be written. */
  submit(write: FileWrite): void {
    if (this.failure) throw this.failure;
    this.submitted += 1;
    const message: ToWriter = { kind: 'write', seq: this.submitted, write };
    this.port.postMessage(message);
    this.port.ref();
  }

  /** Resolves once commit `seq` (by default, every commit so far) is on disk. */
  whenWritten(seq = this.submitted): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.written) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ seq, resolve, reject }));
  }

  /** Resolves once at most `commits` commits are still on their way to disk. */
  whenBacklogAtMost(commits: number): Promise<void> {
    return this.whenWritten(this.submitted - commits);
  }

  /** Throws the writer's failure, if any: memory is then ahead of the file. */
  assertHealthy(): void {
    if (this.failure) throw this.failure;
  }

  /** Writes what is queued, then lets the file go. */
  async close(): Promise<void> {
    // Until the thread is gone, it keeps the process alive: the caller awaits this.
    this.worker.ref();
    if (this.failure) {
      await this.worker.terminate();
    } else {
      const message: ToWriter = { kind: 'close' };
      this.port.postMessage(message);
      await this.exited;
    }
    this.port.close();
  }

  private receive(message: FromWriter): void {
    switch (message.kind) {
      case 'written':
        this.written = message.seq;
        this.settle();
        return;
      case 'failed':
        this.fail(new Error(`The read store could not write its file (${message.message}); reopen it`));
        return;
      case 'closed':
        this.fail(new Error('The read store is closed'));
        return;
      default: {
        const unknown: never = message;
        throw new Error(`Unknown writer message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private settle(): void {
    let kept = 0;
    for (const waiter of this.waiting) {
      if (waiter.seq <= this.written) waiter.resolve();
      else this.waiting[kept++] = waiter;
    }
    this.waiting.length = kept;
    if (this.written === this.submitted) this.port.unref();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.port.unref();
  }
}

/** The writer's module beside this one: TypeScript when running from source, JavaScript when built. */
function workerFile(): string {
  return path.join(__dirname, `file-writer.worker${path.extname(__filename)}`);
}

function workerExecArgv(): string[] | undefined {
  // From source (tests, benchmarks) the thread compiles TypeScript as this process does.
  return path.extname(__filename) === '.ts' ? ['--require', require.resolve('@swc-node/register')] : undefined;
}
