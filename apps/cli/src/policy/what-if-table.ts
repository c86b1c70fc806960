import { DaysFigure, WhatIfFigures, WhatIfReport } from '@collections/policy-engine';

const count = (n: number): string => n.toLocaleString('en-US');
const days = ({ median, mean }: DaysFigure): string => (median === null ? '—' : `${median} / ${mean}`);

/** The rows of the comparison: a label, what the policy in force did, what the proposed one would have. */
function rows(actual: WhatIfFigures, proposed: WhatIfFigures): [string, string, string][] {
  const both = (label: string, of: (figures: WhatIfFigures) => string): [string, string, string] => [label, of(actual), of(proposed)];
  const keys = (of: (figures: WhatIfFigures) => string[]) => [...new Set([...of(actual), ...of(proposed)])].sort();
  const letterKeys = keys((figures) => figures.letters.map(({ level, channel }) => `${level}\t${channel}`));
  const letterCount = (figures: WhatIfFigures, key: string) =>
    figures.letters.find(({ level, channel }) => `${level}\t${channel}` === key)?.count ?? 0;
  return [
    both('Letters', (figures) => count(figures.lettersTotal)),
    ...letterKeys.map((key) => {
      const [level, channel] = key.split('\t');
      return both(`  ${level === 'final' ? 'final notice' : `level ${level}`}, ${channel}`, (figures) => count(letterCount(figures, key)));
    }),
    both('Calls scheduled', (figures) => count(figures.callsScheduled)),
    ...keys((figures) => Object.keys(figures.callsByReason)).map((reason) =>
      both(`  ${reason.replace(/_/g, ' ')}`, (figures) => count(figures.callsByReason[reason] ?? 0)),
    ),
    both('Escalation proposals', (figures) => count(figures.escalationProposals)),
    ...keys((figures) => Object.keys(figures.escalationsByKind)).map((kind) =>
      both(`  ${kind.replace(/_/g, ' ')}`, (figures) => count(figures.escalationsByKind[kind] ?? 0)),
    ),
    both('Referrals to an agency', (figures) => count(figures.referrals)),
    both('Days due → first reminder (median / mean)', (figures) => days(figures.daysToFirstReminder)),
    both('Days due → first call (median / mean)', (figures) => days(figures.daysToFirstCall)),
    both('Customers contacted', (figures) => count(figures.customersContacted)),
    both('Most contacts to a customer in a week', (figures) => count(figures.mostContactsInOneWeek)),
    both('Contacts while a dispute was open (must be 0)', (figures) => count(figures.contactsWhileDisputeOpen)),
    both('Contacts while a promise was not yet due (must be 0)', (figures) => count(figures.contactsWhilePromiseNotDue)),
  ];
}

/** The what-if report as a side-by-side table, then what was held as recorded and what was refused. */
export function whatIfTable(report: WhatIfReport): string {
  const proposedHeading = `Proposed (${report.proposedPolicy.name} v${report.proposedPolicy.version})`;
  const table: [string, string, string][] = [['', 'In force (recorded)', proposedHeading], ...rows(report.actual, report.proposed)];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column].length)));
  const lines = table.map(([label, actual, proposed]) =>
    `${label.padEnd(widths[0])}  ${actual.padStart(widths[1])}  ${proposed.padStart(widths[2])}`.trimEnd(),
  );
  const { replayed, refused, refusedFacts } = report.externalFacts;
  return [
    `Policy what-if from ${report.from} to ${report.to} (${count(report.days)} days, ${count(report.customers)} customers)`,
    '',
    ...lines,
    '',
    report.heldAsRecorded,
    `External facts replayed: ${count(replayed)}; refused by the replayed accounts: ${count(refused)}.`,
    ...refusedFacts.map(({ customerId, on, type, reason }) => `  ${on} customer ${customerId}: ${type} refused: ${reason}`),
    ...(refused > refusedFacts.length ? [`  … and ${count(refused - refusedFacts.length)} more`] : []),
    ...(report.engineRefusals > 0 ? [`Engine batches the replayed accounts refused: ${count(report.engineRefusals)}.`] : []),
  ].join('\n');
}
