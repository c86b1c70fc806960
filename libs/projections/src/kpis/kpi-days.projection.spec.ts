import {
  cashApplied,
  cashUnapplied,
  creditMemoIssued,
  invoiceRegistered,
  paymentReceived,
  promiseBroken,
  promiseKept,
  promiseMade,
  recoveryReceived,
  unappliedCashReceived,
  unappliedCashRefunded,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { documentsOf, project } from '../testing/project';
import { KPI_COHORTS, KPI_DAYS, kpiDaysProjection } from './kpi-days.projection';

describe('the kpi-days projection', () => {
  it('given invoices, payments, cash on account and promises, then each day of each currency holds its sums', async () => {
    const collections = await project(kpiDaysProjection, [
      invoiceRegistered({ invoiceId: 'INV-1', amount: 10_000, issuedOn: '2024-01-10', dueOn: '2024-02-09' }),
      invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-10', dueOn: '2024-02-09' }),
      invoiceRegistered({ invoiceId: 'INV-U', amount: 900, currency: 'USD', issuedOn: '2024-02-01', dueOn: '2024-03-02' }),
      paymentReceived({ paymentId: 'P-1', invoiceId: 'INV-1', amount: 4_000, receivedOn: '2024-02-12' }),
      unappliedCashReceived({ paymentId: 'PAY-1', amount: 8_000, receivedOn: '2024-02-12' }),
      // Refunded in March: it comes off the day the cash came, 02-12.
      unappliedCashRefunded({ paymentId: 'PAY-1', refundId: 'RF-1', amount: 1_000, refundedOn: '2024-03-05' }),
      promiseMade({ promiseId: 'PR-1', invoiceIds: ['INV-2'], amount: 6_000, madeOn: '2024-02-10', promisedFor: '2024-02-20' }),
      promiseBroken({ promiseId: 'PR-1', brokenOn: '2024-02-21', amountPaid: 0, shortfall: 6_000 }),
      promiseMade({ promiseId: 'PR-2', invoiceIds: ['INV-1'], amount: 6_000, madeOn: '2024-02-15', promisedFor: '2024-02-20' }),
      promiseKept({ promiseId: 'PR-2', keptOn: '2024-02-20', amountPaid: 6_000 }),
      // A promise still open counts nowhere.
      promiseMade({ promiseId: 'PR-3', invoiceIds: ['INV-2'], amount: 6_000, madeOn: '2024-02-22', promisedFor: '2024-02-28' }),
      writtenOff({ invoices: [{ invoiceId: 'INV-2', amount: 6_000, currency: 'EUR' }], writtenOffOn: '2024-03-01' }),
      recoveryReceived({ invoiceId: 'INV-2', amount: 500, receivedOn: '2024-03-10' }),
      // Nothing of an invoice this account does not have.
      paymentReceived({ paymentId: 'P-9', invoiceId: 'INV-9', amount: 1, receivedOn: '2024-02-12' }),
    ]);
    expect(documentsOf(collections, KPI_DAYS)).toEqual([
      { _id: 'EUR/2024-01', currency: 'EUR', month: '2024-01', days: { '2024-01-10': { issued: 16_000 } } },
      {
        _id: 'EUR/2024-02',
        currency: 'EUR',
        month: '2024-02',
        days: { '2024-02-12': { payments: 4_000, onAccount: 8_000, refunded: 1_000 }, '2024-02-20': { broken: 1, kept: 1 } },
      },
      { _id: 'EUR/2024-03', currency: 'EUR', month: '2024-03', days: { '2024-03-10': { recovered: 500 } } },
      { _id: 'USD/2024-02', currency: 'USD', month: '2024-02', days: { '2024-02-01': { issued: 900 } } },
    ]);
  });

  it('given a promise kept after it was declared broken, then it counts once, as kept', async () => {
    const collections = await project(kpiDaysProjection, [
      invoiceRegistered(),
      promiseMade({ promiseId: 'PR-1', promisedFor: '2024-02-20' }),
      promiseBroken({ promiseId: 'PR-1', brokenOn: '2024-02-21' }),
      promiseKept({ promiseId: 'PR-1', keptOn: '2024-02-22' }),
    ]);
    expect(documentsOf(collections, KPI_DAYS)).toContainEqual(
      expect.objectContaining({ _id: 'EUR/2024-02', days: { '2024-02-20': { kept: 1 } } }),
    );
  });

  it('given an invoice paid, credited and reopened, then its cohort follows its open amount and keeps the reopening apart', async () => {
    const collections = await project(kpiDaysProjection, [
      invoiceRegistered({ invoiceId: 'INV-1', amount: 10_000, issuedOn: '2024-01-10', dueOn: '2024-02-09' }),
      unappliedCashReceived({ paymentId: 'PAY-1', amount: 3_000, receivedOn: '2024-02-01' }),
      cashApplied({
        paymentId: 'PAY-1',
        applicationId: 'APP-1',
        allocations: [{ invoiceId: 'INV-1', amount: 3_000 }],
        appliedOn: '2024-02-01',
      }),
      creditMemoIssued({ creditMemoId: 'CM-1', invoiceId: 'INV-1', amount: 1_000, issuedOn: '2024-02-05' }),
      cashUnapplied({
        paymentId: 'PAY-1',
        applicationId: 'APP-1',
        allocations: [{ invoiceId: 'INV-1', amount: 3_000 }],
        unappliedOn: '2024-02-15',
      }),
    ]);
    expect(documentsOf(collections, KPI_COHORTS)).toEqual([
      {
        _id: 'EUR/2024-02-09/2024-01-10',
        currency: 'EUR',
        dueOn: '2024-02-09',
        issuedOn: '2024-01-10',
        open: { '2024-01-10': 10_000, '2024-02-01': -3_000, '2024-02-05': -1_000, '2024-02-15': 3_000 },
        reopened: { '2024-02-15': 3_000 },
      },
    ]);
  });
});
