import { Checkbox, NativeSelect, Stack } from '@mantine/core';
import { formatMoney } from '../format';
import { AccountState, openInvoices } from './choices';

/** One checkbox per open invoice, labelled with its id, its balance beside it. */
export function InvoiceCheckboxes({
  state,
  value,
  onChange,
  error,
  label = 'Invoices',
}: {
  state: AccountState;
  value: string[];
  onChange(invoiceIds: string[]): void;
  error: string | undefined;
  label?: string;
}) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error} withAsterisk>
      <Stack gap="xs" mt="xs">
        {openInvoices(state).map((invoice) => (
          <Checkbox
            key={invoice.invoiceId}
            value={invoice.invoiceId}
            label={invoice.invoiceId}
            description={`${formatMoney(invoice.balance, invoice.currency)} open, due ${invoice.dueOn}`}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

/** One open invoice, for the commands about a single invoice (a dispute, a deduction). */
export function InvoiceSelect({
  state,
  value,
  onChange,
  error,
}: {
  state: AccountState;
  value: string;
  onChange(invoiceId: string): void;
  error: string | undefined;
}) {
  return (
    <NativeSelect
      label="Invoice"
      withAsterisk
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      data={openInvoices(state).map((invoice) => ({
        value: invoice.invoiceId,
        label: `${invoice.invoiceId} (${formatMoney(invoice.balance, invoice.currency)} open)`,
      }))}
    />
  );
}

/** The error of a list of invoices, or of any id in it (`invoiceIds.2`). */
export const invoiceIdsError = (errorOf: (field: string) => string | undefined, ids: string[]) =>
  [errorOf('invoiceIds'), ...ids.map((_, index) => errorOf(`invoiceIds.${index}`))].filter(Boolean).join('; ') || undefined;
