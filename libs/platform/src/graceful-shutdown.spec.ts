import { EventEmitter } from 'node:events';
import { GracefulShutdown, ShutdownLog } from './graceful-shutdown';

interface Logged {
  level: 'info' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A shutdown on a stand-in for the process: its signals, its exit and its log are the test's. */
function shutdownOf(timeoutSeconds = 30) {
  const source = new EventEmitter();
  const logged: Logged[] = [];
  const log: ShutdownLog = {
    info: (fields, message) => logged.push({ level: 'info', fields, message }),
    error: (fields, message) => logged.push({ level: 'error', fields, message }),
  };
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const flushed: string[] = [];
  const shutdown = new GracefulShutdown({
    timeoutSeconds,
    log,
    source,
    exit: (code) => exited(code),
    flush: async () => void flushed.push(`after ${logged.length} lines`),
  }).install();
  return { shutdown, source, logged, exit, flushed };
}

describe('the graceful shutdown', () => {
  it('given steps, when SIGTERM comes, then it runs them in order, logs how long it took, flushes the log and exits 0', async () => {
    // given
    const { shutdown, source, logged, exit, flushed } = shutdownOf();
    const ran: string[] = [];
    shutdown
      .add({ name: 'stop taking work', run: () => void ran.push('stop') })
      .add({ name: 'finish in-flight work', run: async () => void ran.push('finish') })
      .add({ name: 'close the stores', run: () => void ran.push('close') });
    // when
    source.emit('SIGTERM');
    // then
    expect(await exit).toBe(0);
    expect(ran).toEqual(['stop', 'finish', 'close']);
    expect(logged.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'info', message: 'shutting down' },
      { level: 'info', message: expect.stringMatching(/^shut down in \d+ ms$/) },
    ]);
    expect(logged[0].fields).toEqual({ reason: 'SIGTERM', timeoutSeconds: 30 });
    expect(Object.keys(logged[1].fields.steps as object)).toEqual(['stop taking work', 'finish in-flight work', 'close the stores']);
    expect(flushed).toEqual(['after 2 lines']);
  });

  it('given a step that fails, when the shutdown runs, then the later steps still run and it exits 1', async () => {
    // given
    const { shutdown, source, logged, exit } = shutdownOf();
    const ran: string[] = [];
    shutdown
      .add({
        name: 'stop the projector',
        run: () => {
          throw new Error('the read store went away');
        },
      })
      .add({ name: 'close the stores', run: () => void ran.push('close') });
    // when
    source.emit('SIGINT');
    // then
    expect(await exit).toBe(1);
    expect(ran).toEqual(['close']);
    expect(logged.find(({ level }) => level === 'error')).toMatchObject({
      fields: { step: 'stop the projector' },
      message: 'shutdown step failed',
    });
  });

  it('given a step that never finishes, when the deadline passes, then it names that step, what it waited for and what never started, and exits 1', async () => {
    // given a deadline the hanging step is sure to pass
    const { shutdown, source, logged, exit } = shutdownOf(0.05);
    const closed: string[] = [];
    shutdown
      .add({ name: 'finish in-flight requests', run: () => new Promise(() => undefined), pending: () => '3 requests in flight' })
      .add({ name: 'close the stores', run: () => void closed.push('stores') });
    // when
    source.emit('SIGTERM');
    // then
    expect(await exit).toBe(1);
    expect(closed).toEqual([]);
    const last = logged[logged.length - 1];
    expect(last.level).toBe('error');
    expect(last.message).toBe(
      'shutdown stopped by the deadline (SHUTDOWN_TIMEOUT_SECONDS=0.05): "finish in-flight requests" had not finished',
    );
    expect(last.fields).toMatchObject({
      pending: 'finish in-flight requests',
      waitingFor: '3 requests in flight',
      notStarted: ['close the stores'],
    });
  });

  it('given a shutdown under way, when a second signal comes, then it exits 1 at once, naming what was pending', async () => {
    // given
    const { shutdown, source, logged, exit } = shutdownOf();
    let started!: () => void;
    const stepStarted = new Promise<void>((resolve) => (started = resolve));
    shutdown.add({ name: 'finish in-flight commands', run: () => (started(), new Promise(() => undefined)) });
    source.emit('SIGTERM');
    await stepStarted;
    // when
    source.emit('SIGINT');
    // then
    expect(await exit).toBe(1);
    expect(logged[logged.length - 1]).toMatchObject({
      level: 'error',
      fields: { pending: 'finish in-flight commands', notStarted: [] },
      message: 'shutdown stopped by a second signal (SIGINT): "finish in-flight commands" had not finished',
    });
  });

  it("given a run asked for twice (the projector's --once ends itself this way), then the steps run once", async () => {
    const { shutdown, exit } = shutdownOf();
    let runs = 0;
    shutdown.add({ name: 'close', run: () => void (runs += 1) });

    const [first, second] = await Promise.all([shutdown.run('done'), shutdown.run('done')]);

    expect([first, second, await exit, runs]).toEqual([0, 0, 0, 1]);
    expect(shutdown.started).toBe(true);
  });

  it('installs its signal handlers once per process', () => {
    const source = new EventEmitter();
    const log = { info: () => undefined, error: () => undefined };
    new GracefulShutdown({ timeoutSeconds: 1, log, source }).install();
    expect(() => new GracefulShutdown({ timeoutSeconds: 1, log, source }).install()).toThrow('installed once per process');
  });
});
