import { CollectionCommand, DomainError } from '@collections/domain';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@collections/accounts';

/** One command an import sends, tied to the line of the file it came from. */
export interface PlannedCommand {
  line: number;
  customerId: string;
  command: CollectionCommand;
  /** Deterministic, so that importing the same file again appends nothing. */
  idempotencyKey: string;
}

export type CommandResult = 'appended' | 'replayed' | 'refused' | 'skipped';

export interface Refusal {
  line: number;
  reason: string;
}

export interface DispatchReport {
  commands: Record<CommandResult, number>;
  /** Rows (lines): imported if anything was appended, already present if every command replayed. */
  rows: { imported: number; alreadyPresent: number; refused: number };
  /** In line order. */
  refusals: Refusal[];
}

export interface DispatchOptions {
  /** Commands admitted but not finished (queued behind their customer's or running). */
  maxInFlight: number;
  onResult?: (result: CommandResult) => void;
}

/**
 * Sends the planned commands in the given order for each customer, several customers at once.
 * A customer's commands run one after another (so its stream follows the plan, and the next
 * command sees what the previous one did); once a row's command is refused, that row's later
 * commands are skipped, so nothing half-applied follows from a refusal. Refusals are business
 * answers and the import goes on; any other error (the store failing) stops it and is thrown.
 */
export async function dispatchPlanned(
  planned: Iterable<PlannedCommand>,
  execute: (command: PlannedCommand) => Promise<{ replayed: boolean }>,
  { maxInFlight, onResult }: DispatchOptions,
): Promise<DispatchReport> {
  const commands: Record<CommandResult, number> = { appended: 0, replayed: 0, refused: 0, skipped: 0 };
  const rowResults = new Map<number, 'appended' | 'replayed' | 'refused'>();
  const refusals: Refusal[] = [];
  const customerTails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;

  const settle = (item: PlannedCommand, result: CommandResult): void => {
    commands[result]++;
    const previous = rowResults.get(item.line);
    // A refusal marks the row for good; anything appended makes it imported.
    if (result !== 'skipped' && previous !== 'refused' && (previous === undefined || result !== 'replayed')) {
      rowResults.set(item.line, result);
    }
    onResult?.(result);
  };

  const run = async (item: PlannedCommand): Promise<void> => {
    if (failure !== undefined || rowResults.get(item.line) === 'refused') return settle(item, 'skipped');
    try {
      const { replayed } = await execute(item);
      settle(item, replayed ? 'replayed' : 'appended');
    } catch (error) {
      const reason = refusalReason(error, item);
      if (reason === undefined) {
        failure ??= { error };
        return settle(item, 'skipped');
      }
      refusals.push({ line: item.line, reason });
      settle(item, 'refused');
    }
  };

  for (const item of planned) {
    if (failure !== undefined) break;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const task = (customerTails.get(item.customerId) ?? Promise.resolve()).then(() => run(item));
    customerTails.set(item.customerId, task);
    inFlight.add(task);
    void task.then(() => {
      inFlight.delete(task);
      if (customerTails.get(item.customerId) === task) customerTails.delete(item.customerId);
    });
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure.error;

  const rowCounts = { imported: 0, alreadyPresent: 0, refused: 0 };
  for (const result of rowResults.values()) {
    if (result === 'appended') rowCounts.imported++;
    else if (result === 'replayed') rowCounts.alreadyPresent++;
    else rowCounts.refused++;
  }
  refusals.sort((a, b) => a.line - b.line);
  return { commands, rows: rowCounts, refusals };
}

/** What to tell the user about a refused command; undefined for an error that is not a refusal. */
function refusalReason(error: unknown, item: PlannedCommand): string | undefined {
  if (error instanceof DomainError) return `${error.message} (${error.code})`;
  if (error instanceof IdempotencyKeyReusedError) {
    return `an earlier import recorded this row with different values (key ${item.idempotencyKey}): the file or --currency changed`;
  }
  if (error instanceof ConcurrencyConflictError) return error.message;
  return undefined;
}
