import { describeEvent, HistoryEntry } from '../../apps/console/src/timeline';
import { ReplyItem, attachmentsInWords, receivedInWords, sizeInWords } from '../../apps/console/src/replies/reply-words';
import { lateness } from '../../apps/console/src/disputes/dispute-words';
import type { DisputeItem } from '../../apps/console/src/disputes/dispute-words';

/** An entry of the customer's history as GET history answers it, with only what the sentence reads. */
const entry = (type: HistoryEntry['type'], data: Record<string, unknown>): HistoryEntry => ({
  eventId: '00000000-0000-4000-8000-000000000000',
  revision: 0,
  position: 1,
  type,
  data,
  metadata: {},
  occurredAt: '2024-06-30',
  recordedAt: '2024-06-30T12:00:00.000Z',
});

describe('the timeline: the customer’s side of the conversation in words', () => {
  it.each([
    [
      'PaymentReported',
      { reportId: 'R-1', invoiceIds: ['INV-1', 'INV-2'], amount: 45_000, currency: 'EUR', paidOn: '2024-06-28', reference: 'RF-77' },
      'Payment of €450.00 made on 2024-06-28 reported for INV-1, INV-2, reference RF-77',
    ],
    [
      'PaymentReported',
      { reportId: 'R-2', invoiceIds: [], amount: 100, currency: 'EUR', paidOn: '2024-06-28' },
      'Payment of €1.00 made on 2024-06-28 reported',
    ],
    [
      'CustomerReplied',
      { kind: 'reply', from: 'anna@buyer.example', subject: 'Re: reminder' },
      'Reply from anna@buyer.example: “Re: reminder”',
    ],
    [
      'CustomerReplied',
      { kind: 'auto_reply', from: 'anna@buyer.example', subject: 'Out of office' },
      'Automatic reply from anna@buyer.example: “Out of office” (pauses nothing)',
    ],
    [
      'CustomerReplied',
      { kind: 'bounce', from: 'MAILER-DAEMON@mx.example', subject: 'Undelivered Mail' },
      'Letter bounced: “Undelivered Mail” from MAILER-DAEMON@mx.example, delivery failed',
    ],
    ['ReplyHandled', { replyId: 'RE-1', handledOn: '2024-06-30', note: 'Called back' }, 'Reply RE-1 handled: Called back'],
    ['ReplyHandled', { replyId: 'RE-1', handledOn: '2024-06-30' }, 'Reply RE-1 handled'],
    ['FreshLinkRequested', { requestId: 'FL-1', letterId: 'L-1' }, 'Asked for a new link (the link of letter L-1 no longer opened)'],
    ['CustomerLinkRevoked', { letterId: 'L-1', reason: 'Wrong address' }, 'Link of letter L-1 revoked: Wrong address'],
    [
      'DisputeAssigned',
      { disputeId: 'D-1', invoiceId: 'INV-1', ownerTeam: 'logistics', ownerId: 'lina', targetOn: '2024-07-15' },
      'Dispute D-1 on invoice INV-1 assigned to logistics, lina, to answer by 2024-07-15',
    ],
    [
      'DisputeOwnerReminded',
      { disputeId: 'D-1', invoiceId: 'INV-1', ownerTeam: 'quality', targetOn: '2024-06-10' },
      'Reminder to quality: dispute D-1 on invoice INV-1 is past its target of 2024-06-10',
    ],
  ] as const)('%s says what happened (case %#)', (type, data, sentence) => {
    expect(describeEvent(entry(type, data))).toBe(sentence);
  });
});

describe('the reply queue in words', () => {
  const reply = (overrides: Partial<ReplyItem>): ReplyItem => ({
    customerId: 'C-1',
    replyId: 'RE-1',
    kind: 'reply',
    receivedOn: '2024-06-29',
    attachments: [],
    status: 'waiting',
    ...overrides,
  });

  it('gives the minute a message arrived, in UTC, and its day when it has no instant (a link request)', () => {
    expect(receivedInWords(reply({ receivedAt: '2024-06-29T08:15:42.123Z' }))).toBe('2024-06-29 08:15 UTC');
    expect(receivedInWords(reply({}))).toBe('2024-06-29');
  });

  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [12_300, '12.3 kB'],
    [4_100_000, '4.1 MB'],
  ])('writes %p bytes as %p', (bytes, words) => {
    expect(sizeInWords(bytes)).toBe(words);
  });

  it('names each attachment with its size, and a dash for none', () => {
    expect(
      attachmentsInWords(
        reply({
          attachments: [
            { name: 'remittance.pdf', size: 12_300 },
            { name: 'photo.jpg', size: 512 },
          ],
        }),
      ),
    ).toBe('remittance.pdf (12.3 kB), photo.jpg (512 B)');
    expect(attachmentsInWords(reply({}))).toBe('—');
  });
});

describe('the disputes board in words', () => {
  const dispute = (overrides: Partial<DisputeItem>) => ({ daysPastTarget: 0, ...overrides }) as DisputeItem;

  it('says how late an answer is, on time, or that no target is set yet', () => {
    expect(lateness(dispute({ targetOn: '2024-06-10', daysPastTarget: 20 }))).toBe('20 days past target');
    expect(lateness(dispute({ targetOn: '2024-06-29', daysPastTarget: 1 }))).toBe('1 day past target');
    expect(lateness(dispute({ targetOn: '2024-07-10' }))).toBe('on time');
    expect(lateness(dispute({}))).toBe('no target');
  });
});
