import type { components } from '@collections/api-client';
import { Alert, Anchor, Button, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDay, formatMoney, words } from '../format';
import { useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { DayInput } from './report-controls';
import { useSearchFilters } from '../search-filters';

type PostMortem = components['schemas']['PostMortem'];
const ACCOUNTS_PER_PAGE = 50;

/** Amounts per currency (`{EUR: 12000}`), each formatted exactly. */
const amounts = (byCurrency: Record<string, number>) =>
  Object.entries(byCurrency)
    .map(([currency, amount]) => formatMoney(amount, currency))
    .join(', ') || '—';

/**
 * The written-off accounts, latest write-off first; `?customer=` opens one account's post-mortem
 * (the path it took, its root causes and action items) on the same page.
 */
export function PostMortemsPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const page = Number(search.get('page') ?? '1') || 1;
  const customerId = search.get('customer');
  const list = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/post-mortems', { params: { query: { from, to, page, pageSize: ACCOUNTS_PER_PAGE } } }),
        'The written-off accounts could not be read.',
      ),
    [session, from, to, page],
  );
  const pages = list && !(list instanceof Error) ? Math.max(1, Math.ceil(list.total / ACCOUNTS_PER_PAGE)) : 1;

  return (
    <Stack>
      <Title order={1}>Post-mortems</Title>
      {customerId && <PostMortemOf customerId={customerId} onClose={() => choose({ customer: null })} />}
      <Group align="end">
        <DayInput label="Written off from" value={from ?? ''} onChange={(day) => choose({ from: day, page: null })} />
        <DayInput label="Written off to" value={to ?? ''} onChange={(day) => choose({ to: day, page: null })} />
        {(from || to) && (
          <Button variant="default" onClick={() => choose({ from: null, to: null, page: null })}>
            Any date
          </Button>
        )}
      </Group>
      {list === undefined && <Text>Loading the written-off accounts…</Text>}
      {list instanceof Error && (
        <Alert color="red" title="The written-off accounts could not be read">
          {list.message}
        </Alert>
      )}
      {list && !(list instanceof Error) && (
        <section aria-labelledby="written-off-heading">
          <Title order={2} id="written-off-heading" size="h3">
            Written-off accounts, latest first
          </Title>
          <Text>
            {list.total.toLocaleString()} accounts; page {page} of {pages}.
          </Text>
          <Table aria-labelledby="written-off-heading" striped>
            <Table.Thead>
              <Table.Tr>
                {['Customer', 'Last written off', 'Written off', 'Recovered', 'Root causes', 'Post-mortem'].map((column) => (
                  <Table.Th key={column}>{column}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.accounts.map((account) => (
                <Table.Tr key={account.customerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(account.customerId)}`}>
                      {account.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{account.lastWrittenOffOn}</Table.Td>
                  <Table.Td>{amounts(account.writtenOff)}</Table.Td>
                  <Table.Td>{amounts(account.recovered)}</Table.Td>
                  <Table.Td>{account.rootCauses.map(words).join(', ') || 'not recorded yet'}</Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => choose({ customer: account.customerId })}>
                      Post-mortem of {account.customerId}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group mt="sm">
            <Button variant="default" disabled={page <= 1} onClick={() => choose({ page: page === 2 ? null : String(page - 1) })}>
              Previous accounts
            </Button>
            <Button variant="default" disabled={page >= pages} onClick={() => choose({ page: String(page + 1) })}>
              Next accounts
            </Button>
          </Group>
        </section>
      )}
    </Stack>
  );
}

/** Days from the earliest due date (day 0) to each step, as the API counts them. */
const pathSteps = (postMortem: PostMortem): [string, number | null][] => [
  ['First reminder', postMortem.daysToFirstReminder],
  ['First contact', postMortem.daysToFirstContact],
  ['Agency referral', postMortem.daysToAgency],
  ['Legal action', postMortem.daysToLegalAction],
  ['Write-off', postMortem.daysToWriteOff],
];

function PostMortemOf({ customerId, onClose }: { customerId: string; onClose(): void }) {
  const { session } = useSession();
  const answer = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/post-mortems/{customerId}', { params: { path: { customerId } } }),
        'The post-mortem could not be read.',
      ),
    [session, customerId],
  );
  if (answer === undefined) return <Text>Loading the post-mortem of {customerId}…</Text>;
  if (answer instanceof Error) return <Alert color="red">{answer.message}</Alert>;
  return (
    <section aria-labelledby="post-mortem-heading">
      <Group justify="space-between">
        <Title order={2} id="post-mortem-heading" size="h3">
          Post-mortem of {customerId}
        </Title>
        <Button variant="default" onClick={onClose}>
          Close the post-mortem
        </Button>
      </Group>
      <Text>
        Written off: {amounts(answer.writtenOff)}; recovered since: {amounts(answer.recovered)}. Root causes:{' '}
        {answer.rootCauses.map(words).join(', ') || 'not recorded yet'}.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="sm">
        <div>
          <Title order={3} size="h4" id="path-heading">
            Path taken, from day 0 ({formatDay(answer.earliestDueOn)}, the earliest due date)
          </Title>
          <Table aria-labelledby="path-heading">
            <Table.Tbody>
              {pathSteps(answer).map(([step, days]) => (
                <Table.Tr key={step}>
                  <Table.Th scope="row">{step}</Table.Th>
                  <Table.Td>{days === null ? 'never' : `day ${days}`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" mt="xs">
            {answer.remindersSent} reminders (up to level {answer.highestReminderLevel}), {answer.contacts} contacts, {answer.promisesMade}{' '}
            promises ({answer.promisesKept} kept, {answer.promisesBroken} broken), {answer.disputes.length} disputes
            {answer.disputeCategories.length > 0 ? ` (${answer.disputeCategories.map(words).join(', ')})` : ''}, {answer.creditHolds.length}{' '}
            credit holds.
          </Text>
        </div>
        <div>
          <Title order={3} size="h4">
            Root cause and action items
          </Title>
          {answer.postMortems.length === 0 && <Text>No post-mortem has been recorded for this account yet.</Text>}
          {answer.postMortems.map((recorded) => (
            <div key={recorded.postMortemId}>
              <Text fw={700}>
                {words(recorded.rootCause)}, recorded {recorded.recordedOn}
              </Text>
              <Text>{recorded.summary}</Text>
              <List aria-label={`Action items of ${recorded.postMortemId}`}>
                {recorded.actionItems.map((item) => (
                  <List.Item key={`${item.description} ${item.owner}`}>
                    {item.description} — {item.owner}, due {item.dueOn}
                  </List.Item>
                ))}
              </List>
            </div>
          ))}
        </div>
      </SimpleGrid>
    </section>
  );
}
