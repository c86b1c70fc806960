import { CollectionPathDocument, PathDispute, emptyCollectionPath } from './collection-path.projection';
import { postMortemOf } from './post-mortem';

describe('the post-mortem view of a collection path', () => {
  const dispute = (disputeId: string, category: PathDispute['category']): PathDispute => ({
    disputeId,
    invoiceId: 'INV-1',
    category,
    amount: 1_000,
    currency: 'EUR',
    raisedOn: '2024-02-12',
    resolvedOn: null,
  });
  const writtenOffPath: CollectionPathDocument = {
    ...emptyCollectionPath('C-1'),
    invoices: [
      { invoiceId: 'INV-0', dueOn: '2024-01-15' }, // paid, not written off: not day 0
      { invoiceId: 'INV-1', dueOn: '2024-02-19' },
      { invoiceId: 'INV-2', dueOn: '2024-02-09' },
    ],
    firstReminderOn: '2024-02-15',
    remindersSent: 4,
    highestReminderLevel: 3,
    firstContactOn: '2024-02-16',
    contacts: 5,
    promisesMade: 3,
    promisesKept: 1,
    promisesBroken: 2,
    disputes: [dispute('D-1', 'damaged_goods'), dispute('D-2', 'pricing'), dispute('D-3', 'damaged_goods')],
    referredToAgencyOn: '2024-04-01',
    legalActionOn: '2024-05-01',
    writeOffs: [
      { writeOffId: 'WO-1', writtenOffOn: '2024-06-01', invoiceIds: ['INV-1'], amounts: { EUR: 10_000 } },
      { writeOffId: 'WO-2', writtenOffOn: '2024-07-01', invoiceIds: ['INV-2'], amounts: { EUR: 6_000 } },
    ],
    writtenOff: { EUR: 16_000 },
    firstWrittenOffOn: '2024-06-01',
    lastWrittenOffOn: '2024-07-01',
    recovered: { EUR: 500 },
    postMortems: [
      { postMortemId: 'PM-1', rootCause: 'credit_risk_misjudged', summary: 'No statement', actionItems: [], recordedOn: '2024-07-10' },
      {
        postMortemId: 'PM-2',
        rootCause: 'late_collection_action',
        summary: 'First call came late',
        actionItems: [{ description: 'Call on day 3', owner: 'collections', dueOn: '2024-08-01' }],
        recordedOn: '2024-07-11',
      },
      { postMortemId: 'PM-3', rootCause: 'credit_risk_misjudged', summary: 'Limit too high', actionItems: [], recordedOn: '2024-07-12' },
    ],
  };

  it('counts the days of each step from the earliest due date among the written-off invoices', () => {
    // Day 0 is INV-2's due date, 2024-02-09 (2024 is a leap year: February has 29 days).
    expect(postMortemOf(writtenOffPath)).toMatchObject({
      customerId: 'C-1',
      earliestDueOn: '2024-02-09',
      daysToFirstReminder: 6, // 02-09 → 02-15
      daysToFirstContact: 7, // 02-09 → 02-16
      daysToAgency: 52, // 02-09 → 03-09 is 29, → 04-01 is 23 more
      daysToLegalAction: 82, // 52 + 30 (April)
      daysToWriteOff: 113, // 82 + 31 (May): the first write-off, 06-01
    });
  });

  it('reports what was tried, the disputes by category and the recorded causes and action items', () => {
    const view = postMortemOf(writtenOffPath);
    expect(view).toMatchObject({
      remindersSent: 4,
      highestReminderLevel: 3,
      contacts: 5,
      promisesMade: 3,
      promisesKept: 1,
      promisesBroken: 2,
      disputes: writtenOffPath.disputes,
      disputeCategories: ['damaged_goods', 'pricing'],
      writtenOff: { EUR: 16_000 },
      recovered: { EUR: 500 },
      rootCauses: ['credit_risk_misjudged', 'late_collection_action'],
      postMortems: writtenOffPath.postMortems,
    });
  });

  it('gives null for the steps that never happened', () => {
    const path: CollectionPathDocument = {
      ...writtenOffPath,
      firstReminderOn: null,
      firstContactOn: null,
      referredToAgencyOn: null,
      legalActionOn: null,
    };
    expect(postMortemOf(path)).toMatchObject({
      daysToFirstReminder: null,
      daysToFirstContact: null,
      daysToAgency: null,
      daysToLegalAction: null,
      daysToWriteOff: 113,
    });
  });

  it('has no day 0, and so no days, when the written-off invoices were never registered', () => {
    const path: CollectionPathDocument = { ...writtenOffPath, invoices: [] };
    expect(postMortemOf(path)).toMatchObject({ earliestDueOn: null, daysToFirstReminder: null, daysToWriteOff: null });
  });

  it('is null while nothing has been written off', () => {
    expect(postMortemOf({ ...writtenOffPath, writeOffs: [], writtenOff: {}, firstWrittenOffOn: null, lastWrittenOffOn: null })).toBeNull();
  });
});
