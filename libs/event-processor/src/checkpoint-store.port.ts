/**
 * Where each event handler stands in the event store: the position of the last event it handled.
 * The event processor reads and stores checkpoints only through this port; each adapter keeps
 * them next to the handler's own writes, so that they can commit together.
 */
export interface Checkpoint {
  /** The global position of the last event handled (a store position, never computed). */
  position: number;
  /** The handler's version when it wrote the checkpoint: a handler whose meaning changed starts over. */
  version?: number;
}

/** One handler's share of a commit: its writes (through `tx`) and the checkpoint they reach. */
export interface CheckpointCommit<Tx> {
  name: string;
  checkpoint: Checkpoint;
  work?: (tx: Tx) => Promise<void>;
}

export interface CheckpointStore<Tx = unknown> {
  /** The stored checkpoints among `names`; a name never stored is absent. */
  load(names: readonly string[]): Promise<Map<string, Checkpoint>>;
  /**
   * Runs every commit's work, then stores their checkpoints. A transactional store (the read
   * store) runs it all in one transaction: the handlers' writes through `tx` and the checkpoints
   * commit together or not at all. Otherwise the checkpoints are stored after the work, so a crash
   * between the two hands the same events over again (handlers are idempotent). A checkpoint
   * never moves back, whoever else stores it (two processes following the same events).
   */
  commit(commits: readonly CheckpointCommit<Tx>[]): Promise<void>;
  /** Forgets a checkpoint: its handler starts from the beginning. */
  remove(name: string): Promise<void>;
}
