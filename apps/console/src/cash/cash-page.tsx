import { Alert, Anchor, Button, Group, List, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../format';
import { useSearchFilters } from '../search-filters';
import { useSession } from '../session';
import { dataOf } from '../use-answer';
import type { UnappliedCashItem } from './apply-form';
import { AssignUnidentifiedModal, RefundUnidentifiedModal, UnidentifiedCashItem, unidentifiedInWords } from './cash-modals';
import { PaymentPanel } from './payment-panel';
import { LoadMore, QueueStatus, useCursorQueue } from '../cursor-queue';

/** Items a page of either queue; more come with "Load more" (the API's cursor). */
const PAGE_SIZE = 50;

/** Who paid, as the bank reported it: the name and the account. */
const payerOf = (payer: UnappliedCashItem['payer']) => [payer?.name, payer?.account].filter(Boolean).join(', ') || '—';

/**
 * Cash to apply: money on customers' accounts that no rule placed on an invoice, oldest received
 * first, and money nobody is known for. Those who may apply cash choose a payment and spread it
 * over invoices; managers also refund it or reverse an application; unidentified cash is given
 * its customer or refunded.
 */
export function CashPage() {
  const { session } = useSession();
  const [search, chooseFilters] = useSearchFilters();
  const currency = search.get('currency') ?? undefined;
  const customerId = search.get('customer') ?? undefined;
  const unapplied = useCursorQueue<UnappliedCashItem>(
    async (after) =>
      dataOf(
        await session!.client.GET('/cash/unapplied', { params: { query: { currency, customerId, limit: PAGE_SIZE, after } } }),
        'The unapplied cash could not be read.',
      ),
    [session, currency, customerId],
  );
  const unidentified = useCursorQueue<UnidentifiedCashItem>(
    async (after) =>
      dataOf(
        await session!.client.GET('/cash/unidentified', { params: { query: { status: 'waiting', limit: PAGE_SIZE, after } } }),
        'The unidentified cash could not be read.',
      ),
    [session],
  );
  const [selected, setSelected] = useState<{ customerId: string; paymentId: string }>();
  // Changes after each recorded action, so that the payment's forms start afresh (new ids, new Idempotency-Key).
  const [opening, setOpening] = useState(0);
  const [done, setDone] = useState<string>();
  const [assigning, setAssigning] = useState<UnidentifiedCashItem>();
  const [refunding, setRefunding] = useState<UnidentifiedCashItem>();

  const isSelected = (item: UnappliedCashItem) => item.customerId === selected?.customerId && item.paymentId === selected?.paymentId;
  const items = Array.isArray(unapplied.items) ? unapplied.items : [];
  const selectedItem = items.find(isSelected);
  const mayAssign = session!.may('AssignUnidentifiedCash');
  const mayRefundUnidentified = session!.may('RefundUnidentifiedCash');

  const choose = (name: 'currency' | 'customer', typed: string) => {
    const value = name === 'currency' ? typed.trim().toUpperCase() : typed.trim();
    if (value === (search.get(name) ?? '')) return;
    setSelected(undefined);
    chooseFilters({ [name]: value || null });
  };

  /** After an action on the chosen payment: read the queue until it shows (the payment's remaining moved), then say what was done. */
  const recordedOnPayment = async (message: string) => {
    const before = selectedItem;
    if (before) {
      await unapplied.readAgain((fresh) => (fresh.find((item) => isSelected(item))?.unapplied ?? 0) !== before.unapplied);
    }
    setOpening((count) => count + 1);
    setDone(message);
  };

  /** After an assignment: the payment leaves the unidentified queue and arrives, as unapplied cash, on the customer's account. */
  const assigned = async (message: string, item: UnidentifiedCashItem, assignedTo: string) => {
    setAssigning(undefined);
    const shownHere = (customerId ?? assignedTo) === assignedTo && (currency ?? item.currency) === item.currency;
    await Promise.all([
      unidentified.readAgain((fresh) => !fresh.some((other) => other.paymentId === item.paymentId)),
      unapplied.readAgain((fresh) => !shownHere || fresh.some((other) => other.paymentId === item.paymentId)),
    ]);
    setDone(message);
  };

  const refundedUnidentified = async (message: string, item: UnidentifiedCashItem) => {
    setRefunding(undefined);
    await unidentified.readAgain((fresh) => !fresh.some((other) => other.paymentId === item.paymentId));
    setDone(message);
  };

  return (
    <Stack>
      <Title order={1}>Cash to apply</Title>
      <Text>
        Money received that no rule could put on an invoice, the longest-waiting first. Until it is applied, the customer looks overdue.
      </Text>
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(undefined)} closeButtonLabel="Dismiss">
          {done}
        </Alert>
      )}

      <Stack component="section" aria-labelledby="unapplied-heading">
        <Title order={2} id="unapplied-heading">
          Unapplied cash
        </Title>
        <Group align="end">
          <TextInput
            label="Currency"
            placeholder="Any"
            maxLength={3}
            defaultValue={currency ?? ''}
            onBlur={(event) => choose('currency', event.currentTarget.value)}
            onKeyDown={(event) => event.key === 'Enter' && choose('currency', event.currentTarget.value)}
          />
          <TextInput
            label="Customer"
            placeholder="Any"
            defaultValue={customerId ?? ''}
            onBlur={(event) => choose('customer', event.currentTarget.value)}
            onKeyDown={(event) => event.key === 'Enter' && choose('customer', event.currentTarget.value)}
          />
        </Group>
        <QueueStatus queue={unapplied} what="the unapplied cash" empty="No cash is waiting to be applied." />
        {items.length > 0 && (
          <Table aria-labelledby="unapplied-heading" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Received on</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Remaining</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Remittance</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Payment</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={`${item.customerId}/${item.paymentId}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
                      {item.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDay(item.receivedOn)}</Table.Td>
                  <Table.Td>{formatMoney(item.amount, item.currency)}</Table.Td>
                  <Table.Td>{formatMoney(item.unapplied, item.currency)}</Table.Td>
                  <Table.Td>{payerOf(item.payer)}</Table.Td>
                  <Table.Td>{item.remittance ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant={isSelected(item) ? 'filled' : 'default'}
                      aria-pressed={isSelected(item)}
                      onClick={() => {
                        setSelected({ customerId: item.customerId, paymentId: item.paymentId });
                        setOpening((count) => count + 1);
                      }}
                    >
                      Select
                      <VisuallyHidden>
                        {' '}
                        the payment of {item.customerId} received on {item.receivedOn}
                      </VisuallyHidden>
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <LoadMore queue={unapplied} what="unapplied cash" />
      </Stack>

      {selectedItem && (
        <PaymentPanel
          item={selectedItem}
          opening={opening}
          onRecorded={(message) => void recordedOnPayment(message)}
          onClose={() => setSelected(undefined)}
        />
      )}

      <Stack component="section" aria-labelledby="unidentified-heading">
        <Title order={2} id="unidentified-heading">
          Unidentified cash
        </Title>
        <Text>Money nobody is known for, with the customers it might be from and why.</Text>
        <QueueStatus queue={unidentified} what="the unidentified cash" empty="No unidentified cash is waiting." />
        {Array.isArray(unidentified.items) && unidentified.items.length > 0 && (
          <Table aria-labelledby="unidentified-heading" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received on</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Remittance</Table.Th>
                <Table.Th>Candidates</Table.Th>
                {(mayAssign || mayRefundUnidentified) && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {unidentified.items.map((item) => (
                <Table.Tr key={item.paymentId}>
                  <Table.Td>{formatDay(item.receivedOn)}</Table.Td>
                  <Table.Td>{formatMoney(item.amount, item.currency)}</Table.Td>
                  <Table.Td>{payerOf(item.payer)}</Table.Td>
                  <Table.Td>{item.remittance ?? '—'}</Table.Td>
                  <Table.Td>
                    {item.candidates.length === 0 ? (
                      'None'
                    ) : (
                      <List size="sm">
                        {item.candidates.map((candidate) => (
                          <List.Item key={candidate.customerId}>
                            {candidate.customerId}: {candidate.reason}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                  {(mayAssign || mayRefundUnidentified) && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {mayAssign && (
                          <Button size="xs" onClick={() => setAssigning(item)}>
                            Assign to customer
                            <VisuallyHidden> the {unidentifiedInWords(item)}</VisuallyHidden>
                          </Button>
                        )}
                        {mayRefundUnidentified && (
                          <Button size="xs" variant="outline" onClick={() => setRefunding(item)}>
                            Refund
                            <VisuallyHidden> the {unidentifiedInWords(item)}</VisuallyHidden>
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <LoadMore queue={unidentified} what="unidentified cash" />
      </Stack>

      {assigning && (
        <AssignUnidentifiedModal
          item={assigning}
          onClose={() => setAssigning(undefined)}
          onRecorded={(message, assignedTo) => void assigned(message, assigning, assignedTo)}
        />
      )}
      {refunding && (
        <RefundUnidentifiedModal
          item={refunding}
          onClose={() => setRefunding(undefined)}
          onRecorded={(message) => void refundedUnidentified(message, refunding)}
        />
      )}
    </Stack>
  );
}
