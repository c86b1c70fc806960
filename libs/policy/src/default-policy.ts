import { CollectionPolicy, DEFAULT_DISPUTE_ROUTING, DEFAULT_SELF_SERVICE } from './collection-policy';

/**
 * The policy that ships: five dunning levels (a courtesy e-mail before the due date, then
 * friendlier to firmer, one of them a collector's call), a final notice at 60 days naming a
 * referral date 14 days later, agency referral proposed from 75 days, write-off proposed from
 * 180. Kept as a constant so it loads the same from source and from the built dist;
 * libs/policy/default-policy.json is the same document as a file managers can start from (a
 * test keeps the two equal and both valid).
 */
export const DEFAULT_COLLECTION_POLICY: CollectionPolicy = {
  name: 'default',
  version: 1,
  description: 'Standard business-to-business collection ladder',
  levels: [
    { level: 1, daysPastDue: -3, channel: 'email', template: 'courtesy-reminder', tone: 'friendly', minimumBalance: {} },
    { level: 2, daysPastDue: 7, channel: 'email', template: 'first-reminder', tone: 'friendly', minimumBalance: {} },
    { level: 3, daysPastDue: 21, channel: 'letter', template: 'second-reminder', tone: 'firm', minimumBalance: {} },
    {
      level: 4,
      daysPastDue: 35,
      channel: 'call_task',
      template: 'collector-call',
      tone: 'firm',
      minimumBalance: { EUR: 10_000, USD: 10_000, GBP: 10_000 },
    },
    { level: 5, daysPastDue: 45, channel: 'letter', template: 'third-reminder', tone: 'firm', minimumBalance: {} },
  ],
  finalNotice: { daysPastDue: 60, channel: 'letter', template: 'final-notice', referralAfterDays: 14, minimumBalance: {} },
  agencyReferral: { daysPastDue: 75, minimumBalance: { EUR: 25_000, USD: 25_000, GBP: 25_000 }, automatic: false },
  writeOffProposal: { daysPastDue: 180, minimumBalance: {} },
  promiseToleranceDays: 3,
  installmentGraceDays: 3,
  installmentCallDaysBefore: 3,
  quietPeriodDays: 7,
  cashApplicationGraceDays: 5,
  applyCashOldestFirst: false,
  selfService: { ...DEFAULT_SELF_SERVICE },
  disputeRouting: { teams: [...DEFAULT_DISPUTE_ROUTING.teams], routes: { ...DEFAULT_DISPUTE_ROUTING.routes } },
  highValue: { minimumBalance: { EUR: 1_000_000, USD: 1_000_000, GBP: 1_000_000 }, followUpEveryDays: 7 },
  overrides: {},
};
