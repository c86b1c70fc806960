import { Logger } from '@nestjs/common';
import { SettableClock } from '@collections/domain';
import { loadConfig } from '@collections/config';
import { PAYMENT_MODEL, PORTFOLIO_MODEL_ID, PaymentModelDocument, PredictionRefreshSchedule, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { ProjectorHost } from './read-side';

/**
 * The api that hosts the projector refreshes the payment predictions after its first catch-up and
 * every PREDICTION_REFRESH_HOURS, and stops doing so when it shuts down. The projector is a
 * recorder here (its own suites test it); the schedule, the store and the refresh are real.
 */
describe('the payment predictions refresh in the api that hosts the projector', () => {
  const HOUR = 3_600_000;
  let steps: string[];
  let readStore: EmbeddedReadStore;
  let clock: SettableClock;
  const projector = {
    prepare: async () => void steps.push('prepare'),
    catchUp: async () => void steps.push('catch up'),
    start: () => void steps.push('follow'),
    stop: async () => void steps.push('stop'),
    position: 0,
  } as unknown as Projector;

  const fittedAt = async () =>
    (await readStore.collection<PaymentModelDocument>(PAYMENT_MODEL).findOne({ _id: PORTFOLIO_MODEL_ID }))?.fittedAt;

  function host(env: Record<string, string>): { host: ProjectorHost; log: string[] } {
    const config = loadConfig({ DATA_DIR: '/tmp/unused-by-this-test', ...env });
    const log: string[] = [];
    const schedule = new PredictionRefreshSchedule(readStore, clock, config.predictionRefreshHours, {
      info: (message) => log.push(message),
      error: (message) => log.push(`error: ${message}`),
    });
    return { host: new ProjectorHost(projector, readStore, config, schedule), log };
  }

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    // The store's own work (setImmediate between batches) runs as usual; the hours are fake.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    steps = [];
    readStore = new EmbeddedReadStore(':memory:');
    clock = new SettableClock('2024-06-30T12:00:00.000Z');
  });
  afterEach(() => jest.useRealTimers());

  it('given PREDICTION_REFRESH_HOURS=6, then it refreshes after the catch-up, again 6 hours later, and never after the shutdown', async () => {
    const { host: api, log } = host({ PREDICTION_REFRESH_HOURS: '6' });

    await api.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(steps).toEqual(['prepare', 'catch up', 'follow']);
    expect(await fittedAt()).toBe('2024-06-30T12:00:00.000Z');
    expect(log).toEqual([expect.stringContaining('every 6 h'), expect.stringMatching(/^Fitted the payment model on 0 settled invoices/)]);

    clock.set('2024-06-30T17:59:00.000Z');
    await jest.advanceTimersByTimeAsync(6 * HOUR - 60_000);
    expect(await fittedAt()).toBe('2024-06-30T12:00:00.000Z');
    clock.set('2024-06-30T18:00:00.000Z');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(await fittedAt()).toBe('2024-06-30T18:00:00.000Z');

    await api.onApplicationShutdown();
    expect(steps.at(-1)).toBe('stop');
    clock.set('2024-07-01T06:00:00.000Z');
    await jest.advanceTimersByTimeAsync(24 * HOUR);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('given PREDICTION_REFRESH_HOURS=0, then it never refreshes', async () => {
    readStore = new EmbeddedReadStore(':memory:');
    const { host: api, log } = host({ PREDICTION_REFRESH_HOURS: '0' });

    await api.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(48 * HOUR);

    expect(await fittedAt()).toBeUndefined();
    expect(log).toEqual([]);
    await api.onApplicationShutdown();
  });

  it('given a refresh that fails, then it is logged and the next one runs', async () => {
    const { host: api, log } = host({ PREDICTION_REFRESH_HOURS: '1' });
    const collection = readStore.collection.bind(readStore);
    let failures = 1;
    jest.spyOn(readStore, 'collection').mockImplementation((name: string) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('the store is gone for a moment');
      }
      return collection(name);
    });

    await api.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(log).toEqual([
      expect.stringContaining('every 1 h'),
      expect.stringContaining('error: Refreshing the payment predictions failed'),
    ]);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(await fittedAt()).toBe('2024-06-30T12:00:00.000Z');
    await api.onApplicationShutdown();
  });
});
