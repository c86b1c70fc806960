import {
  contactLogged,
  creditHoldLifted,
  creditHoldPlaced,
  deductionClaimed,
  disputeRaised,
  disputeResolved,
  invoiceRegistered,
  legalActionInitiated,
  postMortemRecorded,
  promiseBroken,
  promiseKept,
  promiseMade,
  recoveryReceived,
  referredToAgency,
  reminderSent,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { documentsOf, project, storedEvent } from '../testing/project';
import { COLLECTION_PATHS, collectionPathProjection, emptyCollectionPath } from './collection-path.projection';

describe('the collection path projection', () => {
  const pathOf = async (...events: Parameters<typeof project>[1]) =>
    documentsOf(await project(collectionPathProjection, events), COLLECTION_PATHS);

  it('given an account taken all the way to a write-off and a post-mortem, then one document holds its path', async () => {
    expect(
      await pathOf(
        invoiceRegistered(), // INV-1 due 2024-02-09
        invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' }),
        disputeRaised({ raisedOn: '2024-02-12' }), // D-1, damaged goods, 2,000 EUR
        deductionClaimed({ deductionId: 'D-2', invoiceId: 'INV-2', claimedOn: '2024-02-13' }), // 500 EUR
        reminderSent({ sentOn: '2024-02-15' }),
        contactLogged({ contactedOn: '2024-02-16' }),
        promiseMade({ madeOn: '2024-02-16' }),
        disputeResolved({ resolvedOn: '2024-02-20' }),
        promiseBroken({ brokenOn: '2024-02-29' }),
        reminderSent({ reminderId: 'R-2', level: 3, sentOn: '2024-03-01' }),
        contactLogged({ contactId: 'C-2', contactedOn: '2024-03-05' }),
        promiseMade({ promiseId: 'PR-2', madeOn: '2024-03-05', promisedFor: '2024-03-20' }),
        promiseKept({ promiseId: 'PR-2', keptOn: '2024-03-20' }),
        creditHoldPlaced({ placedOn: '2024-04-01' }),
        referredToAgency({ referredOn: '2024-04-01' }),
        creditHoldLifted({ liftedOn: '2024-04-20' }),
        legalActionInitiated({ initiatedOn: '2024-05-01' }),
        writtenOff({
          invoices: [
            { invoiceId: 'INV-1', amount: 10_000, currency: 'EUR' },
            { invoiceId: 'INV-2', amount: 5_500, currency: 'EUR' },
          ],
          writtenOffOn: '2024-06-01',
        }),
        postMortemRecorded({ recordedOn: '2024-06-15' }),
        recoveryReceived({ amount: 2_000, receivedOn: '2024-07-01' }),
      ),
    ).toEqual([
      {
        _id: 'C-1',
        customerId: 'C-1',
        invoices: [
          { invoiceId: 'INV-1', dueOn: '2024-02-09' },
          { invoiceId: 'INV-2', dueOn: '2024-02-19' },
        ],
        firstReminderOn: '2024-02-15',
        remindersSent: 2,
        highestReminderLevel: 3,
        firstContactOn: '2024-02-16',
        contacts: 2,
        promisesMade: 2,
        promisesKept: 1,
        promisesBroken: 1,
        disputes: [
          {
            disputeId: 'D-1',
            invoiceId: 'INV-1',
            category: 'damaged_goods',
            amount: 2_000,
            currency: 'EUR',
            raisedOn: '2024-02-12',
            resolvedOn: '2024-02-20',
          },
          {
            disputeId: 'D-2',
            invoiceId: 'INV-2',
            category: 'deduction',
            amount: 500,
            currency: 'EUR',
            raisedOn: '2024-02-13',
            resolvedOn: null,
          },
        ],
        referredToAgencyOn: '2024-04-01',
        legalActionOn: '2024-05-01',
        // 10,000 + 5,500 = 15,500
        writeOffs: [{ writeOffId: 'WO-1', writtenOffOn: '2024-06-01', invoiceIds: ['INV-1', 'INV-2'], amounts: { EUR: 15_500 } }],
        writtenOff: { EUR: 15_500 },
        firstWrittenOffOn: '2024-06-01',
        lastWrittenOffOn: '2024-06-01',
        recovered: { EUR: 2_000 },
        creditHolds: [{ placedOn: '2024-04-01', reason: 'Referred to agency', liftedOn: '2024-04-20' }],
        postMortems: [
          {
            postMortemId: 'PM-1',
            rootCause: 'credit_risk_misjudged',
            summary: 'Credit was extended without a current financial statement',
            actionItems: [{ description: 'Require statements above 50k', owner: 'credit', dueOn: '2024-07-31' }],
            recordedOn: '2024-06-15',
          },
        ],
      },
    ]);
  });

  it('keeps the earliest date of each first step when events arrive back-dated', async () => {
    const [path] = await pathOf(
      reminderSent({ sentOn: '2024-03-01' }),
      reminderSent({ reminderId: 'R-0', sentOn: '2024-02-20' }),
      contactLogged({ contactedOn: '2024-03-02' }),
      contactLogged({ contactId: 'C-0', contactedOn: '2024-02-21' }),
      referredToAgency({ referredOn: '2024-05-01' }),
      referredToAgency({ referralId: 'AG-0', referredOn: '2024-04-01' }),
      legalActionInitiated({ initiatedOn: '2024-06-01' }),
      legalActionInitiated({ caseId: 'LA-0', initiatedOn: '2024-05-15' }),
    );
    expect(path).toMatchObject({
      firstReminderOn: '2024-02-20',
      firstContactOn: '2024-02-21',
      referredToAgencyOn: '2024-04-01',
      legalActionOn: '2024-05-15',
    });
  });

  it('adds write-offs and recoveries per currency and tracks the first and last write-off', async () => {
    const [path] = await pathOf(
      writtenOff({
        writeOffId: 'WO-2',
        invoices: [
          { invoiceId: 'INV-2', amount: 3_000, currency: 'USD' },
          { invoiceId: 'INV-3', amount: 1_000, currency: 'EUR' },
        ],
        writtenOffOn: '2024-08-01',
      }),
      writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 10_000, currency: 'EUR' }], writtenOffOn: '2024-06-01' }),
      recoveryReceived({ amount: 700, currency: 'EUR' }),
      recoveryReceived({ recoveryId: 'RC-2', invoiceId: 'INV-2', amount: 300, currency: 'USD' }),
      recoveryReceived({ recoveryId: 'RC-3', amount: 100, currency: 'EUR' }),
    );
    expect(path).toMatchObject({
      writeOffs: [
        { writeOffId: 'WO-2', amounts: { USD: 3_000, EUR: 1_000 } },
        { writeOffId: 'WO-1', amounts: { EUR: 10_000 } },
      ],
      writtenOff: { EUR: 11_000, USD: 3_000 }, // EUR 1,000 + 10,000
      firstWrittenOffOn: '2024-06-01',
      lastWrittenOffOn: '2024-08-01',
      recovered: { EUR: 800, USD: 300 }, // EUR 700 + 100
    });
  });

  it('resolves a dispute once and ignores a resolution of an unknown one', async () => {
    const [path] = await pathOf(
      disputeRaised(),
      disputeResolved({ resolvedOn: '2024-02-20' }),
      disputeResolved({ resolvedOn: '2024-03-20' }),
      disputeResolved({ disputeId: 'D-9', resolvedOn: '2024-03-20' }),
    );
    expect(path.disputes).toEqual([expect.objectContaining({ disputeId: 'D-1', resolvedOn: '2024-02-20' })]);
  });

  it('lifts the open credit hold and starts a new one when placed again', async () => {
    const [path] = await pathOf(
      creditHoldPlaced({ placedOn: '2024-04-01', reason: 'Broken promises' }),
      creditHoldLifted({ liftedOn: '2024-04-10' }),
      creditHoldPlaced({ placedOn: '2024-05-01', reason: 'Referred to agency' }),
    );
    expect(path.creditHolds).toEqual([
      { placedOn: '2024-04-01', reason: 'Broken promises', liftedOn: '2024-04-10' },
      { placedOn: '2024-05-01', reason: 'Referred to agency', liftedOn: null },
    ]);
  });

  it('keeps one document per customer', async () => {
    const paths = await pathOf(
      reminderSent(),
      storedEvent(reminderSent({ level: 2 }), { customerId: 'C-2', position: 2 }),
      storedEvent(contactLogged(), { customerId: 'C-2', position: 3 }),
    );
    expect(paths).toEqual([
      { ...emptyCollectionPath('C-1'), firstReminderOn: '2024-02-15', remindersSent: 1, highestReminderLevel: 1 },
      {
        ...emptyCollectionPath('C-2'),
        firstReminderOn: '2024-02-15',
        remindersSent: 1,
        highestReminderLevel: 2,
        firstContactOn: '2024-02-16',
        contacts: 1,
      },
    ]);
  });
});
