import fc from 'fast-check';
import { addDays } from '@collections/domain';
import { isPolicyEngineId, policyIds } from './ids';

describe("the policy engine's ids", () => {
  const day = fc.integer({ min: 0, max: 100_000 }).map((offset) => addDays('1900-01-01', offset));
  const invoiceIds = fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/), { minLength: 1, maxLength: 5 });
  const entityId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/);

  it('given any rule, date and invoices, then every id the engine makes has an engine shape (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 99 }), invoiceIds, entityId, (on, level, invoices, other) => {
        for (const id of [
          policyIds.reminder(on, level, invoices),
          policyIds.finalNotice(on, invoices),
          policyIds.dunningCall(on, level, invoices),
          policyIds.installmentCall(other, level),
          policyIds.brokenPromiseCall(other),
          policyIds.highValueCall(on),
          policyIds.proposal('agency_referral', on, invoices),
          policyIds.proposal('write_off', on, invoices),
          policyIds.referral(on, invoices),
        ]) {
          expect(isPolicyEngineId(id)).toBe(true);
        }
      }),
    );
  });

  it.each(['P-1', 'P-AR-1', 'P-WO-1', 'PAY-2024-01', 'R-2024-06-30', 'p-r1-2024-06-30-x'])('leaves %s to people', (id) => {
    expect(isPolicyEngineId(id)).toBe(false);
  });
});
