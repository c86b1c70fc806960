import { CheckpointStore } from '@collections/event-processor';

export type CheckpointStoreFactory = () => Promise<{
  store: CheckpointStore;
  /** A second store on the same data, as another process would open it. */
  other: () => Promise<CheckpointStore>;
  /** Runs `work` so that a failing write of its own inside the commit can be observed (transactional stores only). */
  transactional?: { write: (tx: unknown, value: string) => Promise<void>; written: () => Promise<string[]> };
  cleanup(): Promise<void>;
}>;

/** What every checkpoint store does, whichever adapter: run against each (see the contract spec). */
export function describeCheckpointStoreContract(name: string, factory: CheckpointStoreFactory): void {
  describe(`${name}: the checkpoint store contract`, () => {
    let subject: Awaited<ReturnType<CheckpointStoreFactory>>;

    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(() => subject.cleanup());

    it('given nothing stored, when checkpoints are loaded, then none is there', async () => {
      expect(await subject.store.load(['reactions', 'letters'])).toEqual(new Map());
    });

    it('given a commit, when loaded (also by another process), then each checkpoint is there with its version', async () => {
      await subject.store.commit([
        { name: 'reactions', checkpoint: { position: 41 } },
        { name: 'worklist', checkpoint: { position: 41, version: 3 } },
      ]);
      const expected = new Map([
        ['reactions', { position: 41 }],
        ['worklist', { position: 41, version: 3 }],
      ]);
      expect(await subject.store.load(['reactions', 'worklist', 'letters'])).toEqual(expected);
      expect(await (await subject.other()).load(['reactions', 'worklist'])).toEqual(expected);
    });

    it('given a checkpoint, when a commit names an earlier position, then it does not move back (two processes following the same events)', async () => {
      await subject.store.commit([{ name: 'letters', checkpoint: { position: 900 } }]);
      await (await subject.other()).commit([{ name: 'letters', checkpoint: { position: 300 } }]);
      await subject.store.commit([{ name: 'letters', checkpoint: { position: 899 } }]);
      expect((await subject.store.load(['letters'])).get('letters')).toEqual({ position: 900 });
      await subject.store.commit([{ name: 'letters', checkpoint: { position: 901 } }]);
      expect((await subject.store.load(['letters'])).get('letters')).toEqual({ position: 901 });
    });

    it('given a removed checkpoint, then its handler starts over, from any position', async () => {
      await subject.store.commit([{ name: 'worklist', checkpoint: { position: 500, version: 1 } }]);
      await subject.store.remove('worklist');
      expect(await subject.store.load(['worklist'])).toEqual(new Map());
      await subject.store.commit([{ name: 'worklist', checkpoint: { position: 7, version: 2 } }]);
      expect((await subject.store.load(['worklist'])).get('worklist')).toEqual({ position: 7, version: 2 });
    });

    it('when a commit runs work, then the work runs, in order, before the checkpoints are there', async () => {
      const order: string[] = [];
      await subject.store.commit([
        { name: 'a', checkpoint: { position: 5 }, work: async () => void order.push(`a saw ${(await subject.store.load(['a'])).size}`) },
        { name: 'b', checkpoint: { position: 5 }, work: async () => void order.push('b') },
      ]);
      expect(order).toEqual(['a saw 0', 'b']);
      expect([...(await subject.store.load(['a', 'b'])).keys()]).toEqual(['a', 'b']);
    });

    it("when a commit's work fails, then no checkpoint of the commit is stored, and the failure is the caller's", async () => {
      await subject.store.commit([{ name: 'a', checkpoint: { position: 5 } }]);
      const failing = subject.store.commit([
        { name: 'a', checkpoint: { position: 9 } },
        { name: 'b', checkpoint: { position: 9 }, work: () => Promise.reject(new Error('the handler failed')) },
      ]);
      await expect(failing).rejects.toThrow('the handler failed');
      expect(await subject.store.load(['a', 'b'])).toEqual(new Map([['a', { position: 5 }]]));
    });

    it('given a transactional store, when the work writes through its transaction and a later work fails, then neither the writes nor the checkpoints are stored', async () => {
      const transactional = subject.transactional;
      if (!transactional) return; // Only the read store commits the handlers' writes with the checkpoints.
      await subject.store.commit([{ name: 'a', checkpoint: { position: 3 }, work: (tx) => transactional.write(tx, 'kept') }]);
      await expect(
        subject.store.commit([
          { name: 'a', checkpoint: { position: 9 }, work: (tx) => transactional.write(tx, 'lost') },
          { name: 'b', checkpoint: { position: 9 }, work: () => Promise.reject(new Error('the second handler failed')) },
        ]),
      ).rejects.toThrow('the second handler failed');
      expect(await transactional.written()).toEqual(['kept']);
      expect(await subject.store.load(['a', 'b'])).toEqual(new Map([['a', { position: 3 }]]));
    });
  });
}
