import type { components } from '@collections/api-client';
import { Alert, Button, FileInput, Grid, List, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useEffect, useState } from 'react';
import { JsonTextarea } from '../json-textarea';
import { PolicyProblems } from './policy-problems';
import { useSession } from '../session';
import { parseJsonText } from './json-text';

type CollectionPolicy = components['schemas']['CollectionPolicy'];
type WhatIfRun = components['schemas']['WhatIfRunView'];
type WhatIfFigures = components['schemas']['WhatIfFigures'];
type WhatIfDays = components['schemas']['WhatIfDays'];

/** How often a running what-if is asked how far it got. */
const POLL_MS = 500;

/** Why the what-if did not start: the service's words, and each field it pointed at. */
interface Refusal {
  detail: string;
  problems: { pointer: string; detail: string }[];
}

const count = (n: number) => n.toLocaleString('en-US');
const days = ({ median, mean }: WhatIfDays) => (median === null ? '—' : `${median} / ${mean}`);

/** The comparison's rows: a label, what the policy in force did, what the proposed one would have. */
function rowsOf(actual: WhatIfFigures, proposed: WhatIfFigures): [string, string, string][] {
  const both = (label: string, of: (figures: WhatIfFigures) => string): [string, string, string] => [label, of(actual), of(proposed)];
  const keys = (of: (figures: WhatIfFigures) => string[]) => [...new Set([...of(actual), ...of(proposed)])].sort();
  const letterKey = ({ level, channel }: { level: string; channel: string }) => `${level} ${channel}`;
  return [
    both('Letters', (figures) => count(figures.lettersTotal)),
    ...keys((figures) => figures.letters.map(letterKey)).map((key) => {
      const [level, channel] = key.split(' ');
      return both(`${level === 'final' ? 'Final notice' : `Level ${level}`}, ${channel}`, (figures) =>
        count(figures.letters.find((letters) => letterKey(letters) === key)?.count ?? 0),
      );
    }),
    both('Calls scheduled', (figures) => count(figures.callsScheduled)),
    both('Escalation proposals', (figures) => count(figures.escalationProposals)),
    both('Referrals to an agency', (figures) => count(figures.referrals)),
    both('Days from due date to first reminder (median / mean)', (figures) => days(figures.daysToFirstReminder)),
    both('Days from due date to first call (median / mean)', (figures) => days(figures.daysToFirstCall)),
    both('Customers contacted', (figures) => count(figures.customersContacted)),
    both('Most contacts to one customer in a week', (figures) => count(figures.mostContactsInOneWeek)),
    both('Contacts while a dispute was open (must be 0)', (figures) => count(figures.contactsWhileDisputeOpen)),
    both('Contacts while a promise was not yet due (must be 0)', (figures) => count(figures.contactsWhilePromiseNotDue)),
  ];
}

/**
 * A manager's what-if: a proposed policy (pasted or uploaded) replayed over a period of the
 * recorded history by the service, followed while it runs, then compared side by side with what
 * the policy in force did. Nothing is recorded.
 */
export function WhatIfPanel({ current }: { current: CollectionPolicy | undefined }) {
  const { session } = useSession();
  const [text, setText] = useState(() => (current ? JSON.stringify(current, null, 2) : ''));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [refusal, setRefusal] = useState<Refusal>();
  const [run, setRun] = useState<WhatIfRun>();
  const [sending, setSending] = useState(false);

  // Follow a running what-if until it is done or failed.
  useEffect(() => {
    if (run?.status !== 'running') return;
    const timer = setTimeout(() => {
      void session!.client.GET('/policies/what-if/{id}', { params: { path: { id: run.id } } }).then(({ data }) => data && setRun(data));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [session, run]);

  const upload = async (file: File | null) => {
    if (file) setText(await file.text());
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseJsonText(text);
    if (!('value' in parsed)) {
      setRefusal({ detail: `The JSON does not parse at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`, problems: [] });
      return;
    }
    setSending(true);
    try {
      const { data, error } = await session!.client.POST('/policies/what-if', {
        body: { policy: parsed.value as CollectionPolicy, from, to },
      });
      if (data) {
        setRefusal(undefined);
        setRun(data);
      } else setRefusal({ detail: error?.detail ?? 'The what-if did not start.', problems: error?.errors ?? [] });
    } catch {
      setRefusal({ detail: 'The service cannot be reached.', problems: [] });
    } finally {
      setSending(false);
    }
  };

  const fieldError = (pointer: string) => refusal?.problems.find((problem) => problem.pointer === pointer)?.detail;
  const documentProblems = refusal?.problems.filter((problem) => problem.pointer.startsWith('/policy')) ?? [];

  return (
    <section aria-labelledby="what-if-heading">
      <Title order={2} id="what-if-heading" size="h3">
        What if
      </Title>
      <Text size="sm" mb="xs">
        Replays the recorded history of a period under a proposed policy and compares it with what the policy in force did. Nothing is
        recorded.
      </Text>
      <form onSubmit={(event) => void start(event)}>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <JsonTextarea
                label="Proposed policy (JSON)"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                minRows={6}
                maxRows={20}
                error={documentProblems.length > 0 ? 'Not valid: see the problems listed' : undefined}
              />
              <FileInput label="Or upload a policy file" accept="application/json,.json" clearable onChange={(file) => void upload(file)} />
              <TextInput
                type="date"
                label="From"
                value={from}
                onChange={(event) => setFrom(event.currentTarget.value)}
                error={fieldError('/from')}
              />
              <TextInput
                type="date"
                label="To"
                value={to}
                onChange={(event) => setTo(event.currentTarget.value)}
                error={fieldError('/to')}
              />
              <Button type="submit" loading={sending} disabled={run?.status === 'running'} w="fit-content">
                Run the what-if
              </Button>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            {refusal && (
              <PolicyProblems
                title="The what-if did not start"
                detail={refusal.detail}
                problems={documentProblems}
                listLabel="Problems in the proposed policy"
              />
            )}
          </Grid.Col>
        </Grid>
      </form>
      {run && <WhatIfResult run={run} />}
    </section>
  );
}

function WhatIfResult({ run }: { run: WhatIfRun }) {
  const { daysDone, days: total } = run.progress;
  if (run.status === 'running') {
    return (
      <Stack gap={4} mt="md">
        <Text>
          Replaying day {daysDone} of {total}…
        </Text>
        <Progress value={total === 0 ? 0 : (100 * daysDone) / total} aria-label="What-if progress" />
      </Stack>
    );
  }
  if (run.status === 'failed' || !run.report) {
    return (
      <Alert color="red" title="The what-if failed" mt="md">
        {run.error ?? 'No report.'}
      </Alert>
    );
  }
  const { report } = run;
  const proposed = `Proposed (${report.proposedPolicy.name} v${report.proposedPolicy.version})`;
  return (
    <Stack mt="md" gap="xs">
      <Title order={3} id="comparison-heading" size="h4">
        What-if comparison, {report.from} to {report.to}
      </Title>
      <Text size="sm">
        {count(report.days)} days, {count(report.customers)} customers. {report.heldAsRecorded}
      </Text>
      <Table aria-labelledby="comparison-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Figure</Table.Th>
            <Table.Th>In force (recorded)</Table.Th>
            <Table.Th>{proposed}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rowsOf(report.actual, report.proposed).map(([label, actual, proposedFigure]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{actual}</Table.Td>
              <Table.Td>{proposedFigure}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">
        External facts replayed: {count(report.externalFacts.replayed)}; refused by the replayed accounts:{' '}
        {count(report.externalFacts.refused)}.
      </Text>
      {report.externalFacts.refusedFacts.length > 0 && (
        <List aria-label="External facts refused" size="sm">
          {report.externalFacts.refusedFacts.map(({ customerId, on, type, reason }) => (
            <List.Item key={`${customerId} ${on} ${type} ${reason}`}>
              {on}, customer {customerId}: {type} refused: {reason}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
