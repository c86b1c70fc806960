import { Anchor, Checkbox, Group, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router';
import { formatDay, formatMoney, words } from '../format';
import type { WorklistItem } from './live-worklist';

const ROW_HEIGHT = 37;

const COLUMNS = [
  'Customer',
  'Balance',
  'Days overdue',
  'State',
  'Next action',
  'Next action on',
  'Priority',
  'Likely late',
  'Segment',
  'Last contact',
  'Broken promises',
];

/**
 * Ticking rows, for the roles that may assign them: by customer (an assignment is the customer's).
 * The boxes sit in the customer column, beside what they select.
 */
export interface Selection {
  selected: ReadonlySet<string>;
  toggle(customerIds: string[], selected: boolean): void;
}

/** "Likely late" and why (the invoice and how late it is predicted to be paid), or nothing. */
function likelyLateOf(item: WorklistItem): string {
  if (!item.likelyLate) return '';
  const [first, ...others] = item.likelyLateInvoices;
  const more = others.length > 0 ? ` and ${others.length} more` : '';
  return `Likely late: ${first.invoiceId} predicted ${first.daysLate} days after due${more}`;
}

/** The rows in a real table, rendered as they scroll into view, so thousands stay smooth. */
export function WorklistTable({ items, asOf, selection }: { items: WorklistItem[]; asOf: string; selection?: Selection }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length > 0 ? rows[0].start : 0;
  const after = rows.length > 0 ? virtualizer.getTotalSize() - rows[rows.length - 1].end : 0;
  if (items.length === 0) return <Text>Nothing to work on as of {asOf}.</Text>;
  const ticked = selection ? items.filter((item) => selection.selected.has(item.customerId)).length : 0;
  return (
    <>
      <Group>
        <Text>
          {items.length.toLocaleString()} items as of {asOf}, in the order to work them.
        </Text>
        {selection && (
          <Checkbox
            label="Select all"
            description="Every item of this list and filter, not only those in view"
            checked={ticked === items.length}
            indeterminate={ticked > 0 && ticked < items.length}
            onChange={(event) =>
              selection.toggle(
                items.map((item) => item.customerId),
                event.currentTarget.checked,
              )
            }
          />
        )}
      </Group>
      <div ref={scroller} style={{ height: '70vh', overflow: 'auto' }} tabIndex={0} role="region" aria-label="Worklist items">
        <Table stickyHeader striped aria-rowcount={items.length + 1}>
          <Table.Thead>
            <Table.Tr aria-rowindex={1}>
              {COLUMNS.map((column) => (
                <Table.Th key={column}>{column}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {before > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: before, padding: 0 }} />
              </tr>
            )}
            {rows.map((row) => {
              const item = items[row.index];
              return (
                <Table.Tr key={`${item.customerId} ${item.currency}`} aria-rowindex={row.index + 2} style={{ height: ROW_HEIGHT }}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {selection && (
                        <Checkbox
                          aria-label={`Select ${item.customerId}`}
                          checked={selection.selected.has(item.customerId)}
                          onChange={(event) => selection.toggle([item.customerId], event.currentTarget.checked)}
                        />
                      )}
                      <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
                        {item.customerId}
                      </Anchor>
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatMoney(item.balance, item.currency)}</Table.Td>
                  <Table.Td>{item.daysOverdue}</Table.Td>
                  <Table.Td>{words(item.state)}</Table.Td>
                  <Table.Td>{words(item.nextAction)}</Table.Td>
                  <Table.Td>{formatDay(item.nextActionOn)}</Table.Td>
                  <Table.Td>{item.priority}</Table.Td>
                  <Table.Td>{likelyLateOf(item)}</Table.Td>
                  <Table.Td>{item.segment}</Table.Td>
                  <Table.Td>{formatDay(item.lastContactOn)}</Table.Td>
                  <Table.Td>{item.brokenPromises}</Table.Td>
                </Table.Tr>
              );
            })}
            {after > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: after, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
