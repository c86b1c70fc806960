import type { components } from '@collections/api-client';
import { Alert, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { CustomerActions } from './actions/customer-actions';
import { useParams } from 'react-router';
import { formatDay, formatMoney, words } from './format';
import { useSession } from './session';
import { describeEvent } from './timeline';
import { dataOf, useAnswer } from './use-answer';

type AccountState = components['schemas']['AccountStateView'];

/** The customer's account as of a day, and its whole recorded history, event by event. */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  const { session } = useSession();
  const [asOf, setAsOf] = useState<string>();
  const state = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/customers/{customerId}/state', { params: { path: { customerId }, query: asOf ? { asOf } : {} } }),
        'The account could not be read.',
      ),
    [session, customerId, asOf],
  );
  const history = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/customers/{customerId}/history', { params: { path: { customerId } } }),
        'The history could not be read.',
      ).events,
    [session, customerId],
  );

  return (
    <Stack>
      <Title order={1}>Customer {customerId}</Title>
      {state instanceof Error && <Alert color="red">{state.message}</Alert>}
      {state && !(state instanceof Error) && (
        <>
          <Group align="end">
            <TextInput
              type="date"
              label="State as of"
              description="The account as it stood at the end of this day"
              value={asOf ?? state.asOf}
              onChange={(event) => event.currentTarget.value && setAsOf(event.currentTarget.value)}
            />
            <Text>Collector: {state.collectorId ?? 'nobody'}</Text>
            {state.creditHold && <Text>On credit hold since {state.creditHold.placedOn}</Text>}
          </Group>
          <AccountSummary state={state} />
          <CustomerActions customerId={customerId} state={state} onRecorded={() => setAsOf(undefined)} />
        </>
      )}
      <section aria-labelledby="timeline-heading">
        <Title order={2} id="timeline-heading">
          Timeline
        </Title>
        {history instanceof Error && <Alert color="red">{history.message}</Alert>}
        {history && !(history instanceof Error) && (
          <ol aria-label="Timeline">
            {history.map((entry) => (
              <li key={entry.revision}>
                <Text fw={600}>{describeEvent(entry)}</Text>
                <Text size="sm">
                  {entry.type} · on {entry.occurredAt} · by{' '}
                  {entry.metadata.actor ? `${entry.metadata.actor.id} (${entry.metadata.actor.role})` : 'an unrecorded actor'} · recorded{' '}
                  {entry.recordedAt}
                </Text>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Stack>
  );
}

function AccountSummary({ state }: { state: AccountState }) {
  const open = state.invoices.filter((invoice) => invoice.balance > 0);
  return (
    <>
      <section aria-labelledby="balances-heading">
        <Title order={2} id="balances-heading">
          Balances as of {state.asOf}
        </Title>
        <Table aria-labelledby="balances-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Currency</Table.Th>
              <Table.Th>Open</Table.Th>
              <Table.Th>Overdue</Table.Th>
              <Table.Th>Disputed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.balances.map((balance) => (
              <Table.Tr key={balance.currency}>
                <Table.Td>{balance.currency}</Table.Td>
                <Table.Td>{formatMoney(balance.open, balance.currency)}</Table.Td>
                <Table.Td>{formatMoney(balance.overdue, balance.currency)}</Table.Td>
                <Table.Td>{formatMoney(balance.disputed, balance.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      <section aria-labelledby="invoices-heading">
        <Title order={2} id="invoices-heading">
          Open invoices
        </Title>
        {open.length === 0 ? (
          <Text>None open as of {state.asOf}.</Text>
        ) : (
          <Table aria-labelledby="invoices-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Balance</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Days past due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {open.map((invoice) => (
                <Table.Tr key={invoice.invoiceId}>
                  <Table.Td>{invoice.invoiceId}</Table.Td>
                  <Table.Td>{formatDay(invoice.dueOn)}</Table.Td>
                  <Table.Td>{formatMoney(invoice.balance, invoice.currency)}</Table.Td>
                  <Table.Td>{words(invoice.status)}</Table.Td>
                  <Table.Td>{invoice.daysPastDue}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </>
  );
}
