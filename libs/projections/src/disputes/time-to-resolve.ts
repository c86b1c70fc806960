import { BusinessDate, CurrencyCode, DISPUTE_CATEGORIES, DisputeCategory, daysBetween } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { DISPUTES, DisputeDocument } from './disputes.projection';

/**
 * How long disputes take to resolve, for the dispute-causes report: per complaint category and
 * per owner team, how many of the disputes raised in a range were resolved, the median and mean
 * days from raised to resolved (one decimal), and how many are still open past their target.
 */
export interface TimeToResolve {
  /** Disputes raised in the range and resolved (whenever). */
  resolved: number;
  /** Days from raised to resolved, the median of those resolved, one decimal; null when none was. */
  medianDays: number | null;
  /** …and their mean, one decimal; null when none was. */
  meanDays: number | null;
  /** Disputes raised in the range still open on `asOf` with their target date before it. */
  openPastTarget: number;
}

export interface OwnerTeamTimeToResolve extends TimeToResolve {
  /** The team that owns (or owned, when it was resolved) the dispute; null: nobody did. */
  ownerTeam: string | null;
}

export interface TimesToResolve {
  byCategory: Record<DisputeCategory, TimeToResolve>;
  /** Teams by name, the disputes nobody owns last. */
  byOwnerTeam: OwnerTeamTimeToResolve[];
}

type Measured = Pick<DisputeDocument, 'category' | 'ownerTeam' | 'raisedOn' | 'status' | 'resolvedOn' | 'targetOn'>;

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return oneDecimal(sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : oneDecimal(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** The figures of a group of disputes. */
export function timeToResolveOf(disputes: readonly Measured[], asOf: BusinessDate): TimeToResolve {
  const days: number[] = [];
  let openPastTarget = 0;
  for (const dispute of disputes) {
    if (dispute.status === 'resolved' && dispute.resolvedOn !== null) days.push(daysBetween(dispute.raisedOn, dispute.resolvedOn));
    else if (dispute.status === 'open' && dispute.targetOn !== null && dispute.targetOn < asOf) openPastTarget += 1;
  }
  return { resolved: days.length, medianDays: median(days), meanDays: mean(days), openPastTarget };
}

export function timesToResolve(disputes: readonly Measured[], asOf: BusinessDate): TimesToResolve {
  const byCategory = Object.fromEntries(
    DISPUTE_CATEGORIES.map((category) => [category, timeToResolveOf(disputes.filter((dispute) => dispute.category === category), asOf)]),
  ) as Record<DisputeCategory, TimeToResolve>;
  const teams = new Map<string | null, Measured[]>();
  for (const dispute of disputes) {
    const group = teams.get(dispute.ownerTeam);
    if (group) group.push(dispute);
    else teams.set(dispute.ownerTeam, [dispute]);
  }
  const byOwnerTeam = [...teams]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([ownerTeam, group]) => ({ ownerTeam, ...timeToResolveOf(group, asOf) }));
  return { byCategory, byOwnerTeam };
}

/** The disputes (deductions included) raised in [from, to] in `currency`, measured on `asOf`. */
export async function queryTimesToResolve(
  readStore: ReadStore,
  { from, to, currency, asOf }: { from: BusinessDate; to: BusinessDate; currency: CurrencyCode; asOf: BusinessDate },
): Promise<TimesToResolve> {
  const disputes = await readStore.collection<DisputeDocument>(DISPUTES).find(
    { currency, raisedOn: { $gte: from, $lte: to } },
    { projection: { category: 1, ownerTeam: 1, raisedOn: 1, status: 1, resolvedOn: 1, targetOn: 1 }, readOnly: true },
  );
  return timesToResolve(disputes, asOf);
}
