import { Checkpoint, CheckpointCommit, CheckpointStore } from './checkpoint-store.port';

/** Checkpoints of handlers whose state lives in memory too (the engine's book): both start over with the process. */
export class InMemoryCheckpointStore implements CheckpointStore<undefined> {
  private readonly checkpoints = new Map<string, Checkpoint>();

  async load(names: readonly string[]): Promise<Map<string, Checkpoint>> {
    return new Map(names.flatMap((name) => (this.checkpoints.has(name) ? [[name, { ...this.checkpoints.get(name)! }]] : [])));
  }

  async commit(commits: readonly CheckpointCommit<undefined>[]): Promise<void> {
    for (const { work } of commits) await work?.(undefined);
    for (const { name, checkpoint } of commits) {
      const stored = this.checkpoints.get(name);
      this.checkpoints.set(name, { ...checkpoint, position: Math.max(stored?.position ?? 0, checkpoint.position) });
    }
  }

  async remove(name: string): Promise<void> {
    this.checkpoints.delete(name);
  }
}
