import { SettableClock } from '@collections/domain';
import { EventStore, RecordedEvent, SqliteEventStore } from '@collections/event-store';
import { CollectionPolicies, DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { WhatIfAlreadyRunningError, WhatIfRuns } from './what-if-runs';

/** An empty store whose reads wait until the test lets them go: a run that stays running as long as the test needs. */
class HeldStore extends SqliteEventStore {
  private release!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));

  constructor() {
    super(':memory:');
  }

  override async readAll(...args: Parameters<EventStore['readAll']>): Promise<RecordedEvent[]> {
    await this.held;
    return super.readAll(...args);
  }

  letGo(): void {
    this.release();
  }
}

describe('WhatIfRuns', () => {
  const clock = new SettableClock('2024-06-30T12:00:00.000Z');

  it('given a what-if running, when another is started, then it is refused until the first is done, and then it starts', async () => {
    const store = new HeldStore();
    const runs = new WhatIfRuns(store, new CollectionPolicies(store, clock), clock);
    const first = runs.start(DEFAULT_COLLECTION_POLICY, '2024-06-01', '2024-06-30', 'manager-1');
    expect(first).toMatchObject({ status: 'running', progress: { daysDone: 0, days: 30 } });

    expect(() => runs.start(DEFAULT_COLLECTION_POLICY, '2024-06-01', '2024-06-30', 'manager-2')).toThrow(WhatIfAlreadyRunningError);

    store.letGo();
    while (runs.get(first.id)?.status === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs.get(first.id)).toMatchObject({
      status: 'done',
      progress: { daysDone: 30, days: 30 },
      finishedAt: '2024-06-30T12:00:00.000Z',
    });
    const second = runs.start(DEFAULT_COLLECTION_POLICY, '2024-06-01', '2024-06-02', 'manager-2');
    expect(second.status).toBe('running');
    while (runs.get(second.id)?.status === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs.get(second.id)?.status).toBe('done');
    await store.close();
  });
});
