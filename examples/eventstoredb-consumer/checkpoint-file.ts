import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Where the consumer got to, kept in a file. A real service keeps it next to its own data,
 * in the same transaction as the effect of the last event it handled, so that a crash
 * neither loses nor repeats an effect; a file is the smallest thing that shows the idea.
 */
export class CheckpointFile<T> {
  constructor(private readonly path: string) {}

  load(): T | undefined {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as T) : undefined;
  }

  save(checkpoint: T): void {
    // Written aside and renamed: a crash leaves the old checkpoint or the new one, never half of one.
    writeFileSync(`${this.path}.tmp`, JSON.stringify(checkpoint));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
