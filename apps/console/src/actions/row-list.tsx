import { ActionIcon, Button, Fieldset, Group, Text } from '@mantine/core';
import { ReactNode } from 'react';

/**
 * Rows a person adds and removes in a form (a plan's installments, its guarantors, a post-mortem's
 * action items): each row's fields, a named remove button per row, an add button up to the api's
 * bound, and the api's error about the list as a whole.
 */
export function RowList<Row>({
  legend,
  rows,
  onChange,
  newRow,
  rowName,
  addLabel,
  max,
  min = 0,
  error,
  status,
  children,
}: {
  legend: string;
  rows: Row[];
  onChange(rows: Row[]): void;
  newRow(): Row;
  /** How a person names a row: `installment` gives "Remove installment 2". */
  rowName: string;
  addLabel: string;
  max: number;
  min?: number;
  error?: string;
  /** Said beside the add button, e.g. a running total (announced as it changes). */
  status?: ReactNode;
  /** The row's fields; `set` replaces the row. */
  children(row: Row, index: number, set: (row: Row) => void): ReactNode;
}) {
  const set = (index: number) => (row: Row) => onChange(rows.map((current, at) => (at === index ? row : current)));
  return (
    <Fieldset legend={legend}>
      {rows.map((row, index) => (
        <Group key={index} align="start" wrap="nowrap">
          {children(row, index, set(index))}
          <ActionIcon
            mt={28}
            variant="subtle"
            color="red"
            aria-label={`Remove ${rowName} ${index + 1}`}
            disabled={rows.length <= min}
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between" mt="sm">
        <Button variant="default" size="xs" disabled={rows.length >= max} onClick={() => onChange([...rows, newRow()])}>
          {addLabel}
        </Button>
        {status}
      </Group>
      {error && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {error}
        </Text>
      )}
    </Fieldset>
  );
}
