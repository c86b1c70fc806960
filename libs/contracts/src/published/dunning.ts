import { REMINDER_CHANNELS } from '@collections/domain';
import { integer, object, oneOf, string } from '../json-schema';
import { contract, businessDate, id, invoiceIds } from './contract';

/** Dunning: reminders and the final notice. */
export const dunning = {
  ReminderSent: contract(
    'ReminderSent',
    1,
    object(
      {
        reminderId: id('The reminder'),
        invoiceIds,
        level: integer({ minimum: 1, description: '1 is the friendliest; higher levels are sterner' }),
        channel: oneOf(REMINDER_CHANNELS),
        template: string({ minLength: 1, description: 'The letter template used' }),
        sentOn: businessDate('Sent on'),
      },
      { description: 'A dunning reminder was sent.' },
    ),
    ({ reminderId, invoiceIds, level, channel, template, sentOn }) => ({
      reminderId,
      invoiceIds: [...invoiceIds],
      level,
      channel,
      template,
      sentOn,
    }),
  ),
  FinalNoticeSent: contract(
    'FinalNoticeSent',
    1,
    object(
      {
        noticeId: id('The notice'),
        invoiceIds,
        channel: oneOf(REMINDER_CHANNELS),
        sentOn: businessDate('Sent on'),
        referralOn: businessDate('The account goes to an agency on this day if still unpaid'),
      },
      { description: 'A final warning was sent.' },
    ),
    ({ noticeId, invoiceIds, channel, sentOn, referralOn }) => ({ noticeId, invoiceIds: [...invoiceIds], channel, sentOn, referralOn }),
  ),
};
