import type { paths } from '@collections/api-client';

type ReplyQueuePage = paths['/replies']['get']['responses'][200]['content']['application/json'];
export type ReplyItem = ReplyQueuePage['items'][number];
export type ReplyKind = ReplyItem['kind'];
export type ReplyStatus = ReplyItem['status'];

/** What kind of message it is, in words; a link request is the customer asking for a new link. */
export function kindInWords(kind: ReplyKind): string {
  switch (kind) {
    case 'reply':
      return 'reply';
    case 'auto_reply':
      return 'automatic reply';
    case 'bounce':
      return 'bounce';
    case 'link_request':
      return 'asked for a new link';
  }
}

/** Where it stands: waiting for a collector, handled by one, or recorded (automatic: nobody answers it). */
export function statusInWords({ status, handledOn }: ReplyItem): string {
  if (status === 'handled') return handledOn ? `handled on ${handledOn}` : 'handled';
  return status === 'waiting' ? 'waiting' : 'recorded, nothing to answer';
}

/** When it arrived: the instant to the minute in UTC where the message has one, else its day. */
export function receivedInWords({ receivedAt, receivedOn }: ReplyItem): string {
  const instant = receivedAt === undefined ? undefined : /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})[\d:.]*Z$/.exec(receivedAt);
  return instant ? `${instant[1]} ${instant[2]} UTC` : receivedOn;
}

/** A size in bytes as people read it: `512 B`, `12.3 kB`, `4.1 MB`. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1_000, 'kB'] : [bytes / 1_000_000, 'MB'];
  return `${value.toFixed(1)} ${unit}`;
}

/** Its attachments, each with its size: `invoice.pdf (12.3 kB)`; a dash for none. */
export const attachmentsInWords = ({ attachments }: ReplyItem): string =>
  attachments.length === 0 ? '—' : attachments.map(({ name, size }) => `${name} (${sizeInWords(size)})`).join(', ');

/** The message in a few words, for a button's accessible name: `the reply from anna@example.com received on 2024-06-30`. */
export const replyInWords = (item: ReplyItem): string =>
  item.kind === 'link_request'
    ? `the request for a new link of ${item.customerId} on ${item.receivedOn}`
    : `the ${kindInWords(item.kind)} from ${item.from ?? item.customerId} received on ${item.receivedOn}`;
