import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../format';
import { useSession } from '../session';
import { ApplyForm, UnappliedCashItem } from './apply-form';
import { RefundCashModal, ReverseApplicationModal, UnappliedCashApplication, invoicesOf } from './cash-modals';

/** A figure of the payment: its name above, its value below. */
function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

/**
 * The payment chosen in the queue: what came in and from whom, what was applied and refunded,
 * and (for who may) the form that applies the rest, a refund of the rest, and the reversal of an
 * application. `opening` changes after each recorded action, so the forms start afresh.
 */
export function PaymentPanel({
  item,
  opening,
  onRecorded,
  onClose,
}: {
  item: UnappliedCashItem;
  opening: number;
  onRecorded(message: string): void;
  onClose(): void;
}) {
  const { session } = useSession();
  const [refunding, setRefunding] = useState(false);
  const [reversing, setReversing] = useState<UnappliedCashApplication>();
  const { customerId, currency } = item;
  const standing = item.applications;
  const recorded = (message: string) => {
    setRefunding(false);
    setReversing(undefined);
    onRecorded(message);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payment-heading">
      <Stack>
        <Group justify="space-between">
          <Title order={2} id="payment-heading">
            Payment of {customerId} received on {item.receivedOn}
          </Title>
          <Button variant="default" size="xs" onClick={onClose}>
            Close the payment
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Figure label="Customer">
            <Anchor component={Link} to={`/customers/${encodeURIComponent(customerId)}`}>
              {customerId}
            </Anchor>
          </Figure>
          <Figure label="Received">{formatMoney(item.amount, currency)}</Figure>
          <Figure label="Applied">{formatMoney(item.applied, currency)}</Figure>
          <Figure label="Refunded">{formatMoney(item.refunded, currency)}</Figure>
          <Figure label="Not yet applied">{formatMoney(item.unapplied, currency)}</Figure>
          <Figure label="Payer">{[item.payer?.name, item.payer?.account].filter(Boolean).join(', ') || '—'}</Figure>
          <Figure label="Remittance">{item.remittance ?? '—'}</Figure>
          <Figure label="Bank reference">{item.bankReference ?? '—'}</Figure>
        </SimpleGrid>

        {session!.may('ApplyCash') ? (
          <>
            <Title order={3}>Apply to invoices</Title>
            <ApplyForm key={`${customerId}/${item.paymentId}/${opening}`} item={item} onApplied={onRecorded} />
          </>
        ) : (
          <>
            <Title order={3}>Candidate invoices</Title>
            {item.candidates.length === 0 ? (
              <Text>The customer has no open invoice in {currency}.</Text>
            ) : (
              <Table aria-label="Candidate invoices">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Invoice</Table.Th>
                    <Table.Th>Due on</Table.Th>
                    <Table.Th>Balance</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {item.candidates.map((candidate) => (
                    <Table.Tr key={candidate.invoiceId}>
                      <Table.Td>{candidate.invoiceId}</Table.Td>
                      <Table.Td>{formatDay(candidate.dueOn)}</Table.Td>
                      <Table.Td>{formatMoney(candidate.balance, currency)}</Table.Td>
                      <Table.Td>{candidate.why.join('; ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}

        {session!.may('RefundCash') && (
          <Group>
            <Button variant="light" onClick={() => setRefunding(true)}>
              Refund
              <VisuallyHidden> the remaining cash of {customerId}</VisuallyHidden>
            </Button>
          </Group>
        )}

        {standing.length > 0 && (
          <>
            <Title order={3} id="applications-heading">
              Applications
            </Title>
            <Table aria-labelledby="applications-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Application</Table.Th>
                  <Table.Th>Invoices</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Applied on</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Reversal</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {standing.map((application) => (
                  <Table.Tr key={application.applicationId}>
                    <Table.Td>{application.applicationId}</Table.Td>
                    <Table.Td>{invoicesOf(application, currency)}</Table.Td>
                    <Table.Td>{application.rule}</Table.Td>
                    <Table.Td>{formatDay(application.appliedOn)}</Table.Td>
                    <Table.Td>{application.status === 'reversed' ? `reversed on ${application.reversedOn}` : 'applied'}</Table.Td>
                    <Table.Td>
                      {application.status === 'applied' && session!.may('UnapplyCash') && (
                        <Button size="xs" variant="outline" onClick={() => setReversing(application)}>
                          Reverse
                          <VisuallyHidden> application {application.applicationId}</VisuallyHidden>
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
      {refunding && <RefundCashModal item={item} onClose={() => setRefunding(false)} onRecorded={recorded} />}
      {reversing && (
        <ReverseApplicationModal item={item} application={reversing} onClose={() => setReversing(undefined)} onRecorded={recorded} />
      )}
    </Paper>
  );
}
