import type { components } from '@collections/api-client';
import { ActionIcon, Button, Group, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useRef } from 'react';
import { CommandFormFrame } from '../actions/command-dialog';
import { refuse, useCommandForm, useNewId } from '../actions/use-command-form';
import { formatDay, formatMoney } from '../format';
import { useSession } from '../session';
import { AllocationRow, allocationsOf, exceedsBalance, oldestFirst, remainingFor, runningTotal, typedAmountOf } from './allocations';

export type UnappliedCashItem = components['schemas']['UnappliedCashItem'];

/** A row of the form: a candidate invoice (with its due date and why), or one typed by id. */
interface Row extends AllocationRow {
  dueOn?: string;
  why?: string[];
}

/** The most invoices typed by id beside the candidates (the api takes 500 allocations; a person types a few). */
const MAX_TYPED = 20;

/**
 * Apply a payment's remaining cash: an amount per candidate invoice (or per invoice typed by id),
 * the remaining shown as it is typed, and one POST of every allocation. The application's id and
 * the Idempotency-Key are made once per opening (the page mounts the form afresh after each
 * application), so a retry after a lost answer applies nothing twice.
 */
export function ApplyForm({ item, onApplied }: { item: UnappliedCashItem; onApplied(message: string): void }) {
  const { session } = useSession();
  const { customerId, paymentId, currency, unapplied: remaining } = item;
  const applicationId = useNewId('APP');
  // Which row each allocation sent came from: the answer's `/allocations/1/amount` is about that row.
  const sentRows = useRef<number[]>([]);
  const form = useCommandForm(
    {
      rows: item.candidates.map(({ invoiceId, dueOn, balance, why }): Row => ({ invoiceId, dueOn, balance, why, amount: '' })),
      appliedOn: '',
    },
    () => {
      const applied = form.values.rows
        .map((row) => ({ row, typed: typedAmountOf(row, currency) }))
        .flatMap(({ row, typed }) => ('minorUnits' in typed ? [`${row.invoiceId.trim()} ${formatMoney(typed.minorUnits, currency)}`] : []));
      onApplied(`Applied ${formatMoney(allocated, currency)} of the payment of ${customerId}: ${applied.join(', ')}.`);
    },
    ['rows.*.amount', 'rows.*.invoiceId', 'allocations', 'allocations.*.amount', 'allocations.*.invoiceId'],
  );
  const { rows } = form.values;
  const { allocated, left } = runningTotal(rows, currency, remaining);
  const candidates = rows.filter((row) => row.dueOn !== undefined).length;

  const setRow = (index: number, row: Row) =>
    form.set(
      'rows',
      rows.map((current, at) => (at === index ? row : current)),
    );
  /** The server's error about a row, by where its allocation went in what was sent. */
  const sentErrorOf = (index: number, field: 'amount' | 'invoiceId') => {
    const sent = sentRows.current.indexOf(index);
    return sent < 0 ? undefined : form.errorOf(`allocations.${sent}.${field}`);
  };
  /** The form's own refusal, then the server's, then the hint while typing more than the invoice's balance. */
  const amountErrorOf = (index: number) => {
    return form.errorOf(`rows.${index}.amount`) ?? sentErrorOf(index, 'amount') ?? exceedsBalance(rows[index], currency);
  };

  const send = (idempotencyKey: string) => {
    const allocated = allocationsOf(rows, currency, remaining);
    if ('refused' in allocated) return refuse(allocated.refused);
    sentRows.current = allocated.sentRows;
    return session!.client.POST('/customers/{customerId}/cash/{paymentId}/applications', {
      params: { path: { customerId, paymentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { applicationId, allocations: allocated.allocations, ...(form.values.appliedOn && { appliedOn: form.values.appliedOn }) },
    });
  };

  const fillOldestFirst = () => {
    const amounts = oldestFirst(rows, currency, remaining);
    form.set(
      'rows',
      rows.map((row, index) => ({ ...row, amount: row.dueOn === undefined ? row.amount : amounts[index] })),
    );
  };
  const totalError = form.errorOf('allocations');

  return (
    <CommandFormFrame form={form} submitLabel="Apply" onSubmit={() => void form.submit(send)}>
      {candidates === 0 ? (
        <Text>The customer has no open invoice in {currency}: type the invoice below, or refund the cash.</Text>
      ) : (
        <Table aria-label="Candidate invoices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Due on</Table.Th>
              <Table.Th>Balance</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Amount</Table.Th>
              <Table.Th>
                <VisuallyHidden>Fill</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) =>
              row.dueOn === undefined ? null : (
                <Table.Tr key={row.invoiceId}>
                  <Table.Td>{row.invoiceId}</Table.Td>
                  <Table.Td>{formatDay(row.dueOn)}</Table.Td>
                  <Table.Td>{formatMoney(row.balance!, currency)}</Table.Td>
                  <Table.Td>{row.why?.join('; ')}</Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`Amount for ${row.invoiceId}`}
                      inputMode="decimal"
                      w={140}
                      value={row.amount}
                      onChange={(event) => setRow(index, { ...row, amount: event.currentTarget.value })}
                      error={amountErrorOf(index)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setRow(index, { ...row, amount: remainingFor(rows, index, currency, remaining) })}
                    >
                      Apply remaining
                      <VisuallyHidden> to {row.invoiceId}</VisuallyHidden>
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      )}
      {rows.map((row, index) =>
        row.dueOn !== undefined ? null : (
          <Group key={index} align="start" wrap="nowrap">
            <TextInput
              label={`Invoice not listed ${index - candidates + 1}`}
              value={row.invoiceId}
              onChange={(event) => setRow(index, { ...row, invoiceId: event.currentTarget.value })}
              error={form.errorOf(`rows.${index}.invoiceId`) ?? sentErrorOf(index, 'invoiceId')}
            />
            <TextInput
              label={`Amount for invoice not listed ${index - candidates + 1}`}
              inputMode="decimal"
              value={row.amount}
              onChange={(event) => setRow(index, { ...row, amount: event.currentTarget.value })}
              error={amountErrorOf(index)}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove invoice not listed ${index - candidates + 1}`}
              onClick={() =>
                form.set(
                  'rows',
                  rows.filter((_, at) => at !== index),
                )
              }
            >
              ✕
            </ActionIcon>
          </Group>
        ),
      )}
      <Group justify="space-between">
        <Group gap="xs">
          {candidates > 0 && (
            <Button size="xs" variant="default" onClick={fillOldestFirst}>
              Fill oldest first
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            disabled={rows.length - candidates >= MAX_TYPED}
            onClick={() => form.set('rows', [...rows, { invoiceId: '', amount: '' }])}
          >
            Add an invoice not listed
          </Button>
        </Group>
        <Text aria-live="polite" fw={700} c={left < 0 ? 'var(--mantine-color-error)' : undefined}>
          Remaining: {formatMoney(left, currency)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {formatMoney(allocated, currency)} typed of the {formatMoney(remaining, currency)} remaining
        {left < 0 ? ': more than the payment has left' : ''}.
      </Text>
      {totalError && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {totalError}
        </Text>
      )}
      <TextInput type="date" label="Applied on" description="Leave empty for today" w={220} {...form.field('appliedOn')} />
    </CommandFormFrame>
  );
}
