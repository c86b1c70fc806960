import { readFile } from 'node:fs/promises';
import { CollectionPolicies, InvalidPolicyError, parseCollectionPolicy } from '@collections/policy';
import { BusinessDate, daysBetween } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { whatIfOnStore } from '@collections/policy-engine';
import { EXIT, ExitCode } from '../exit-codes';
import { openEngineContext } from './engine-context';
import { NO_PROGRESS, progressBar } from '../progress';
import { whatIfTable } from './what-if-table';

export interface PolicyWhatIfOptions {
  policy: string;
  from: BusinessDate;
  to: BusinessDate;
  json?: boolean;
  progress?: boolean;
}

/**
 * `collections policy what-if`: replays the recorded history of a period under a proposed
 * policy, in memory (the stores are only read), and prints what it would have done beside what
 * the policy in force did. The proposed document is checked as a replacement is.
 */
export async function policyWhatIf(options: PolicyWhatIfOptions): Promise<ExitCode> {
  if (options.to < options.from) {
    process.stderr.write(`error: --to ${options.to} is before --from ${options.from}\n`);
    return EXIT.usage;
  }
  let text: string;
  try {
    text = await readFile(options.policy, 'utf8');
  } catch (error) {
    process.stderr.write(`error: cannot read the policy file ${options.policy}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  let policy;
  try {
    policy = parseCollectionPolicy(text);
  } catch (error) {
    if (!(error instanceof InvalidPolicyError)) throw error;
    process.stderr.write(`error: ${options.policy} is not a valid collection policy:\n`);
    for (const { pointer, message } of error.problems) process.stderr.write(`  ${pointer || '/'} ${message}\n`);
    return EXIT.usage;
  }
  const opened = await openEngineContext();
  if ('exit' in opened) return opened.exit;
  const { app } = opened;
  const days = daysBetween(options.from, options.to) + 1;
  const progress = (options.progress ?? process.stderr.isTTY) ? progressBar(days, 'days') : NO_PROGRESS;
  try {
    const { report } = await whatIfOnStore(app.get<EventStore>(EVENT_STORE), app.get(CollectionPolicies), {
      policy,
      from: options.from,
      to: options.to,
      onDay: () => progress.advance(1),
    });
    progress.stop();
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${whatIfTable(report)}\n`);
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    process.stderr.write(`error: the what-if stopped: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await app.close();
  }
}
