import { Registry } from 'prom-client';
import { PrometheusPolicyEngineMetrics, observeLettersPending } from '@collections/metrics';
import { MetricFamily, parsePrometheusText, sampleValue } from './prometheus-text';

/**
 * The policy engine's recorder and the letters-pending gauge, read back as Prometheus would read
 * them: names, types, labels and values.
 */
describe('the policy engine metrics', () => {
  let registry: Registry;
  let metrics: PrometheusPolicyEngineMetrics;
  const scrape = async (): Promise<Map<string, MetricFamily>> => parsePrometheusText(await registry.metrics());

  beforeEach(() => {
    registry = new Registry();
    metrics = new PrometheusPolicyEngineMetrics(registry);
  });

  it('given nothing has happened, then the runs by outcome and the letters by channel are there at 0, so the first increase counts', async () => {
    const families = await scrape();

    expect(families.get('collections_policy_runs_total')?.samples.map(({ labels, value }) => [labels.outcome, value])).toEqual([
      ['completed', 0],
      ['failed', 0],
    ]);
    expect(sampleValue(families, 'collections_policy_run_duration_seconds_count', { outcome: 'failed' })).toBe(0);
    for (const name of ['collections_letters_sent_total', 'collections_letters_failed_total']) {
      expect(families.get(name)?.samples.map(({ labels, value }) => [labels.channel, value])).toEqual([
        ['email', 0],
        ['letter', 0],
        ['sms', 0],
      ]);
    }
    expect(sampleValue(families, 'collections_policy_run_customers_examined_total')).toBe(0);
  });

  it('given two runs, one of them failed, when scraped, then runs, durations and customers add up, each run under its outcome', async () => {
    metrics.runSettled({ outcome: 'completed', seconds: 0.2, customersExamined: 10, customersPlanned: 3 });
    metrics.runSettled({ outcome: 'failed', seconds: 4, customersExamined: 5, customersPlanned: 2 });

    const families = await scrape();

    expect(families.get('collections_policy_runs_total')?.type).toBe('counter');
    expect(sampleValue(families, 'collections_policy_runs_total', { outcome: 'completed' })).toBe(1);
    expect(sampleValue(families, 'collections_policy_runs_total', { outcome: 'failed' })).toBe(1);
    expect(families.get('collections_policy_run_duration_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'collections_policy_run_duration_seconds_sum', { outcome: 'failed' })).toBe(4);
    expect(sampleValue(families, 'collections_policy_run_duration_seconds_bucket', { outcome: 'completed', le: '0.25' })).toBe(1);
    expect(sampleValue(families, 'collections_policy_run_duration_seconds_bucket', { outcome: 'failed', le: '2.5' })).toBe(0);
    expect(sampleValue(families, 'collections_policy_run_customers_examined_total')).toBe(15);
    expect(sampleValue(families, 'collections_policy_run_customers_planned_total')).toBe(5);
  });

  it('given commands and refusals, when scraped, then commands count by type and outcome and refusals by reason', async () => {
    metrics.runCommandsSettled('MarkInvoiceOverdue', 'appended', 3);
    metrics.runCommandsSettled('MarkInvoiceOverdue', 'appended', 2);
    metrics.runCommandsSettled('SendReminder', 'refused', 1);
    metrics.runCustomerRefused('conflict');
    metrics.runCustomerRefused('unplannable');
    metrics.runCustomerRefused('conflict');

    const families = await scrape();

    expect(sampleValue(families, 'collections_policy_run_commands_total', { type: 'MarkInvoiceOverdue', outcome: 'appended' })).toBe(5);
    expect(sampleValue(families, 'collections_policy_run_commands_total', { type: 'SendReminder', outcome: 'refused' })).toBe(1);
    expect(sampleValue(families, 'collections_policy_run_refusals_total', { reason: 'conflict' })).toBe(2);
    expect(sampleValue(families, 'collections_policy_run_refusals_total', { reason: 'unplannable' })).toBe(1);
  });

  it('given customers the cash rules paused, when scraped, then they count by reason, each reason there from 0', async () => {
    expect(sampleValue(await scrape(), 'collections_policy_run_pauses_total', { reason: 'unidentified_cash_waiting' })).toBe(0);
    metrics.runCustomerPaused('cash_to_apply');
    metrics.runCustomerPaused('cash_to_apply');

    const families = await scrape();

    expect(families.get('collections_policy_run_pauses_total')?.type).toBe('counter');
    expect(sampleValue(families, 'collections_policy_run_pauses_total', { reason: 'cash_to_apply' })).toBe(2);
    expect(sampleValue(families, 'collections_policy_run_pauses_total', { reason: 'unidentified_cash_waiting' })).toBe(0);
  });

  it('given letters handed over, when scraped, then each counts as sent or failed under its channel', async () => {
    metrics.letterHandedOver('email', 'sent');
    metrics.letterHandedOver('email', 'failed');
    metrics.letterHandedOver('email', 'failed');
    metrics.letterHandedOver('letter', 'sent');

    const families = await scrape();

    expect(sampleValue(families, 'collections_letters_sent_total', { channel: 'email' })).toBe(1);
    expect(sampleValue(families, 'collections_letters_failed_total', { channel: 'email' })).toBe(2);
    expect(sampleValue(families, 'collections_letters_sent_total', { channel: 'letter' })).toBe(1);
    expect(sampleValue(families, 'collections_letters_failed_total', { channel: 'sms' })).toBe(0);
  });

  it('given an outbox, when scraped twice, then the pending letters are read from it each time, every channel present', async () => {
    let pending: Record<string, number> = { email: 2 };
    let reads = 0;
    observeLettersPending(registry, {
      pendingByChannel: async () => {
        reads++;
        return pending;
      },
    });

    const first = await scrape();
    pending = { letter: 1 };
    const second = await scrape();

    expect(reads).toBe(2);
    expect(first.get('collections_letters_pending')?.type).toBe('gauge');
    expect(first.get('collections_letters_pending')?.samples.map(({ labels, value }) => [labels.channel, value])).toEqual([
      ['email', 2],
      ['letter', 0],
      ['sms', 0],
    ]);
    expect(sampleValue(second, 'collections_letters_pending', { channel: 'email' })).toBe(0);
    expect(sampleValue(second, 'collections_letters_pending', { channel: 'letter' })).toBe(1);
  });
});
