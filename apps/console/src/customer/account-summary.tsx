import type { components } from '@collections/api-client';
import { Anchor, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDay, formatMoney, words } from '../format';
import { useSession } from '../session';
import { PredictedPayment } from './predicted-payment';

export type AccountState = components['schemas']['AccountStateView'];

/**
 * The aging bucket of an open invoice, with GET /aging's boundaries (libs/projections aging.ts):
 * not yet due is Current, then 30-day buckets, and over 90 days past due is 90+.
 */
export function agingBucketOf(daysPastDue: number): string {
  if (daysPastDue <= 0) return 'Current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

/** The balances per currency and the open invoices, as of the state's day. */
export function AccountSummary({ state }: { state: AccountState }) {
  const { session } = useSession();
  const open = state.invoices.filter((invoice) => invoice.balance > 0);
  const unapplied = Object.entries(state.unappliedCash).filter(([, amount]) => amount > 0);
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
        {unapplied.length > 0 && (
          <Text mt="xs">
            Unapplied cash {unapplied.map(([currency, amount]) => formatMoney(amount, currency)).join(', ')}
            {session?.may('ReadCash') && (
              <>
                {' '}
                (
                <Anchor component={Link} to={`/cash?customer=${encodeURIComponent(state.customerId)}`}>
                  apply it
                </Anchor>
                )
              </>
            )}
          </Text>
        )}
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
                <Table.Th>Aging bucket</Table.Th>
                <Table.Th>Predicted payment</Table.Th>
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
                  <Table.Td>{agingBucketOf(invoice.daysPastDue)}</Table.Td>
                  <Table.Td>
                    <PredictedPayment invoice={invoice} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </>
  );
}
