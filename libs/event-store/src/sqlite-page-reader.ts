import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface ReaderData {
  file: string;
  busyTimeoutMs: number;
}

export interface PageRequest {
  id: number;
  sql: string;
  params: unknown[];
}

export type PageResponse = { id: number; rows: unknown[][] } | { id: number; error: string };

/**
 * Runs read-only queries on the reader thread (`sqlite-page-reader.worker.ts`), so that a
 * subscription catching up reads its next page while the current one is being handled. Started
 * on first use; an idle reader keeps no process alive.
 */
export class PageReader {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (rows: unknown[][]) => void; reject: (error: Error) => void }>();

  constructor(private readonly data: ReaderData) {}

  read(sql: string, params: unknown[]): Promise<unknown[][]> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    const request: PageRequest = { id, sql, params };
    worker.postMessage(request);
    worker.ref();
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('The event store is closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(path.join(__dirname, `sqlite-page-reader.worker${path.extname(__filename)}`), {
      workerData: this.data,
      // From source (tests, benchmarks) the thread compiles TypeScript as this process does.
      execArgv: path.extname(__filename) === '.ts' ? ['--require', require.resolve('@swc-node/register')] : undefined,
    });
    worker.on('message', (response: PageResponse) => {
      const waiting = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in response) waiting?.reject(new Error(`Reading events failed: ${response.error}`));
      else waiting?.resolve(response.rows);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('The event store reader stopped'));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
