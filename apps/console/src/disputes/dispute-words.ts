import type { paths } from '@collections/api-client';
import { formatMoney, words } from '../format';

export type DisputeBoard = paths['/disputes']['get']['responses'][200]['content']['application/json'];
export type DisputeItem = DisputeBoard['items'][number];
export type OwnerCount = DisputeBoard['byOwner'][number];

/** Who owns it: the team, and the person in it when one is named; nobody before routing. */
export function ownerInWords({ ownerTeam, ownerId }: { ownerTeam?: string | null; ownerId?: string }): string {
  if (!ownerTeam) return 'no owner yet';
  return ownerId ? `${ownerTeam} (${ownerId})` : ownerTeam;
}

/** The heading of an owner's disputes: `Disputes of quality`, or of nobody yet. */
export const ownerHeading = (owner: { ownerTeam?: string | null; ownerId?: string }): string =>
  owner.ownerTeam ? `Disputes of ${ownerInWords(owner)}` : 'Disputes with no owner yet';

/** The key that groups disputes by owner, the same for an item and its owner's count. */
export const ownerKey = ({ ownerTeam, ownerId }: { ownerTeam?: string | null; ownerId?: string }): string =>
  JSON.stringify([ownerTeam ?? null, ownerId ?? null]);

/** The dispute in a few words, for a title or a button's accessible name: `the dispute of C-1 on INV-1`. */
export const disputeInWords = ({ kind, customerId, invoiceId }: DisputeItem): string =>
  `the ${kind === 'deduction' ? 'deduction' : 'dispute'} of ${customerId} on ${invoiceId}`;

/** How late its answer is: `12 days past target`, `on time`, or no target yet. */
export function lateness({ targetOn, daysPastTarget }: DisputeItem): string {
  if (!targetOn) return 'no target';
  if (daysPastTarget === 0) return 'on time';
  return `${daysPastTarget} day${daysPastTarget === 1 ? '' : 's'} past target`;
}

/** What is disputed: `€250.00, damaged goods`. */
export const disputedInWords = (item: DisputeItem): string => `${formatMoney(item.amount, item.currency)}, ${words(item.category)}`;
