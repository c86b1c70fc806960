import { CALL_TASK_REASONS, CONTACT_CHANNELS, CONTACT_OUTCOMES } from '@collections/domain';
import { integer, object, oneOf } from '../json-schema';
import { contract, businessDate, currency, id, invoiceIds, minorUnits } from './contract';

/** Contacts, promises to pay and call tasks. */
export const contactsAndPromises = {
  ContactLogged: contract(
    'ContactLogged',
    1,
    object(
      {
        contactId: id('The contact'),
        contactedOn: businessDate('Contacted on'),
        channel: oneOf(CONTACT_CHANNELS),
        outcome: oneOf(CONTACT_OUTCOMES),
      },
      {
        description:
          "A collector contacted the customer. The person reached, the reason for lateness and the collector's notes are not published.",
      },
    ),
    ({ contactId, contactedOn, channel, outcome }) => ({ contactId, contactedOn, channel, outcome }),
  ),
  PromiseMade: contract(
    'PromiseMade',
    1,
    object(
      {
        promiseId: id('The promise'),
        invoiceIds,
        amount: minorUnits('The amount promised'),
        currency,
        promisedFor: businessDate('Promised to pay by'),
        madeOn: businessDate('Made on'),
      },
      { description: 'The customer promised to pay.' },
    ),
    ({ promiseId, invoiceIds, amount, currency, promisedFor, madeOn }) => ({
      promiseId,
      invoiceIds: [...invoiceIds],
      amount,
      currency,
      promisedFor,
      madeOn,
    }),
  ),
  PromiseKept: contract(
    'PromiseKept',
    1,
    object(
      {
        promiseId: id('The promise'),
        keptOn: businessDate('Kept on'),
        amountPaid: minorUnits('Paid toward it'),
        currency,
      },
      { description: 'A promise to pay was kept.' },
    ),
    ({ promiseId, keptOn, amountPaid, currency }) => ({ promiseId, keptOn, amountPaid, currency }),
  ),
  PromiseBroken: contract(
    'PromiseBroken',
    1,
    object(
      {
        promiseId: id('The promise'),
        brokenOn: businessDate('Declared broken on'),
        amountPaid: minorUnits('Paid toward it'),
        shortfall: minorUnits('What is unpaid of the promise'),
        currency,
      },
      { description: 'A promise to pay was broken.' },
    ),
    ({ promiseId, brokenOn, amountPaid, shortfall, currency }) => ({ promiseId, brokenOn, amountPaid, shortfall, currency }),
  ),
  CallTaskScheduled: contract(
    'CallTaskScheduled',
    1,
    object(
      {
        taskId: id('The call task'),
        reason: oneOf(CALL_TASK_REASONS, { description: 'Why the call is due' }),
        invoiceIds,
        collectorId: id("Whose call it is (the collector's user id); absent when nobody is assigned"),
        dueOn: businessDate('Call on or after'),
        scheduledOn: businessDate('Scheduled on'),
        level: integer({ minimum: 1, description: 'The dunning level the call stands for (reason dunning)' }),
        promiseId: id('The broken promise (reason promise_broken)'),
        planId: id('The payment plan (reason installment_due)'),
        installmentNumber: integer({ minimum: 1, description: 'The installment (reason installment_due)' }),
      },
      {
        optional: ['collectorId', 'level', 'promiseId', 'planId', 'installmentNumber'],
        description: 'A call to the customer was scheduled for a collector.',
      },
    ),
    ({ taskId, reason, invoiceIds, collectorId, dueOn, scheduledOn, level, promiseId, planId, installmentNumber }) => ({
      taskId,
      reason,
      invoiceIds: [...invoiceIds],
      ...(collectorId === undefined ? {} : { collectorId }),
      dueOn,
      scheduledOn,
      ...(level === undefined ? {} : { level }),
      ...(promiseId === undefined ? {} : { promiseId }),
      ...(planId === undefined ? {} : { planId }),
      ...(installmentNumber === undefined ? {} : { installmentNumber }),
    }),
  ),
};
