import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricFamily, parsePrometheusText, sampleValue } from '../metrics/prometheus-text';
import { startEngine } from './engine-harness';

/** The built entry point (`npm run build` first). */
const POLICY_ENGINE = join(__dirname, '../../dist/apps/policy-engine/src/main.js');

function scrape(port: number): Promise<Map<string, MetricFamily>> {
  return new Promise((resolve, reject) =>
    get({ host: 'localhost', port, path: '/metrics' }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(parsePrometheusText(text)) : reject(new Error(text))));
    }).on('error', reject),
  );
}

/**
 * The policy engine as its own process (`npm run start:policy-engine`) serves on METRICS_PORT
 * the commands it sends (its command side has no other caller), its runs and its letters.
 */
describe('the policy engine process on METRICS_PORT', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = '';
  jest.setTimeout(60_000);

  beforeEach(() => {
    output = '';
    dataDir = mkdtempSync(join(tmpdir(), 'collections-engine-process-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const running = child;
      const exited = new Promise((resolve) => running.once('close', resolve));
      running.kill('SIGTERM');
      // A process that does not stop is killed: no test leaves one behind.
      const killer = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let waited = 0; waited < 30_000; waited += 50) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child?.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never saw ${pattern}:\n${output}`);
  };

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  async function seedInvoiceOverdueBy(days: number): Promise<void> {
    const seed = await startEngine({ dataDir, today: daysAgo(0) });
    await seed.act(
      'P-1',
      {
        type: 'RegisterInvoice',
        data: { invoiceId: 'INV-1', amount: 50_000, currency: 'EUR', issuedOn: daysAgo(days + 30), dueOn: daysAgo(days) },
      },
      'integration',
    );
    await seed.close();
  }
  /** Starts the built engine on the DATA_DIR; the port it serves metrics on. */
  async function startProcess(): Promise<number> {
    child = spawn(process.execPath, [POLICY_ENGINE], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, METRICS_PORT: '0', POLICY_RUN_INTERVAL_MINUTES: '60', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    return Number((await until(/metrics served on port (\d+)/))[1]);
  }

  it('given an invoice so long overdue that the run ends with an escalation proposal (no handler of the engine reacts to it), when the process runs, then the run completes and every handler of the engine catches up past it', async () => {
    // given: the defect found with these metrics: the engine's reader reads only its handlers'
    // types, and waited for ever for a run's last event when it was of another type
    await seedInvoiceOverdueBy(200);

    // when
    const port = await startProcess();
    await until(/Policy run for \d{4}-\d{2}-\d{2}: \d+ commands for 1 customers/);

    // then: the run completed, and the handlers' lag comes down to none (the store reports the skipped events)
    let lags: number[] = [];
    for (let waited = 0; waited < 20_000; waited += 100) {
      const families = await scrape(port);
      expect(sampleValue(families, 'collections_policy_runs_total', { outcome: 'completed' })).toBe(1);
      expect(sampleValue(families, 'collections_policy_run_commands_total', { type: 'ProposeEscalation', outcome: 'appended' })).toBe(1);
      lags = families.get('collections_event_handler_lag_events')!.samples.map((sample) => sample.value);
      if (lags.every((lag) => lag === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lags.length).toBeGreaterThan(0);
    expect(lags).toEqual(lags.map(() => 0));
  });

  it('given an overdue invoice, when the process starts and makes its first run, then its run, commands and letters are served there, each command counted once', async () => {
    // given: an invoice ten days overdue today (the process runs on the system's clock), recorded
    // through the command side on the process's DATA_DIR
    await seedInvoiceOverdueBy(10);

    // when: the engine's process starts; its first scheduled run is for today
    const port = await startProcess();
    const [, commands, customers] = await until(/Policy run for \d{4}-\d{2}-\d{2}: (\d+) commands for (\d+) customers/);

    // then
    const families = await scrape(port);
    expect(Number(customers)).toBe(1);
    expect(sampleValue(families, 'collections_policy_runs_total', { outcome: 'completed' })).toBe(1);
    expect(sampleValue(families, 'collections_policy_run_customers_examined_total')).toBe(1);
    expect(sampleValue(families, 'collections_policy_run_customers_planned_total')).toBe(1);
    const runCommands = families.get('collections_policy_run_commands_total')!.samples.filter((s) => s.labels.outcome === 'appended');
    expect(runCommands.reduce((sum, sample) => sum + sample.value, 0)).toBe(Number(commands));
    expect(sampleValue(families, 'collections_policy_run_commands_total', { type: 'MarkInvoiceOverdue', outcome: 'appended' })).toBe(1);
    // The command side of the process counted the same commands, once each (the seed's invoice was another process's).
    expect(sampleValue(families, 'collections_commands_total', { type: 'MarkInvoiceOverdue', outcome: 'accepted' })).toBe(1);
    expect(sampleValue(families, 'collections_commands_total', { type: 'RegisterInvoice', outcome: 'accepted' })).toBeUndefined();
    expect(families.get('collections_letters_pending')?.samples.map((sample) => sample.labels.channel)).toEqual(['email', 'letter', 'sms']);
    expect(families.get('collections_letters_sent_total')?.type).toBe('counter');
    expect(sampleValue(families, 'collections_event_handler_lag_events', { handler: 'letters' })).toBeGreaterThanOrEqual(0);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
  });
});
