/**
 * Runs tasks that share a key one after another and tasks with different keys concurrently.
 * Keys whose queue drains are forgotten, so memory follows the number of busy keys.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private settledWaiters: (() => void)[] = [];

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) !== tail) return;
      this.tails.delete(key);
      if (this.tails.size > 0) return;
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const resolve of waiters) resolve();
    });
    return result;
  }

  /** Keys with a task queued or running. */
  get busyKeys(): number {
    return this.tails.size;
  }

  /** Resolves once no task is queued or running: a shutdown waits for this before the store closes. */
  settled(): Promise<void> {
    if (this.tails.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }
}
