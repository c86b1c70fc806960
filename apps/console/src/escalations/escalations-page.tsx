import { Alert, Anchor, Button, Group, Pagination, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../format';
import { useSession } from '../session';
import { dataOf, useRereadableAnswer } from '../use-answer';
import { Decision, DecisionModal, Proposal, kindInWords } from './decision-modal';

const PAGE_SIZE = 50;
/** How often, and how many times, the queue is read again after a decision until the read model shows it. */
const RECHECK_MS = 100;
const RECHECKS = 30;

/**
 * The managers' queue: what the policy engine proposed (agency referrals, write-offs), oldest
 * first. Accepting one is the referral or write-off that names it; declining one gives a reason.
 */
export function EscalationsPage() {
  const { session } = useSession();
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<Decision>();
  const [decided, setDecided] = useState<string>();
  const readPending = async () =>
    dataOf(
      await session!.client.GET('/escalation-proposals', { params: { query: { status: 'pending', page, pageSize: PAGE_SIZE } } }),
      'The escalation proposals could not be read.',
    );
  const [queue, readAgain] = useRereadableAnswer(readPending, [session, page]);
  // The read model follows the store a few milliseconds later: wait (bounded) until the decided proposal has left the queue.
  async function untilDecided({ customerId, proposalId }: Proposal) {
    for (let attempt = 0; attempt < RECHECKS; attempt += 1) {
      const pending = await readPending().catch(() => undefined);
      if (pending && !pending.proposals.some((other) => other.customerId === customerId && other.proposalId === proposalId)) return;
      await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
    }
  }
  const mayAccept = (proposal: Proposal) => session!.may(proposal.kind === 'agency_referral' ? 'ReferToAgency' : 'WriteOff');
  const mayDecline = session!.may('DeclineEscalation');

  return (
    <Stack>
      <Title order={1} id="escalations-heading">
        Escalation proposals
      </Title>
      <Text>Agency referrals and write-offs the policy engine proposes, waiting for a manager, the longest-waiting first.</Text>
      {decided && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDecided(undefined)} closeButtonLabel="Dismiss">
          {decided}
        </Alert>
      )}
      {queue instanceof Error && <Alert color="red">{queue.message}</Alert>}
      {queue === undefined && <Text>Loading the proposals…</Text>}
      {queue && !(queue instanceof Error) && queue.proposals.length === 0 && <Text>No proposal is waiting for a decision.</Text>}
      {queue && !(queue instanceof Error) && queue.proposals.length > 0 && (
        <>
          <Table aria-labelledby="escalations-heading" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Proposal</Table.Th>
                <Table.Th>Invoices</Table.Th>
                <Table.Th>Balances</Table.Th>
                <Table.Th>Days past due</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Proposed on</Table.Th>
                <Table.Th>Decision</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.proposals.map((proposal) => (
                <Table.Tr key={`${proposal.customerId}/${proposal.proposalId}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(proposal.customerId)}`}>
                      {proposal.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{kindInWords(proposal.kind)}</Table.Td>
                  <Table.Td>{proposal.invoiceIds.join(', ')}</Table.Td>
                  <Table.Td>{proposal.balances.map((balance) => formatMoney(balance.amount, balance.currency)).join(', ')}</Table.Td>
                  <Table.Td>{proposal.daysPastDue}</Table.Td>
                  <Table.Td>{proposal.reason}</Table.Td>
                  <Table.Td>{formatDay(proposal.proposedOn)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {mayAccept(proposal) && (
                        <Button size="xs" onClick={() => setDeciding({ proposal, action: 'accept' })}>
                          Accept
                          <VisuallyHidden>
                            {' '}
                            {kindInWords(proposal.kind).toLowerCase()} of {proposal.customerId}
                          </VisuallyHidden>
                        </Button>
                      )}
                      {mayDecline && (
                        <Button size="xs" variant="outline" onClick={() => setDeciding({ proposal, action: 'decline' })}>
                          Decline
                          <VisuallyHidden>
                            {' '}
                            {kindInWords(proposal.kind).toLowerCase()} of {proposal.customerId}
                          </VisuallyHidden>
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {queue.total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(queue.total / PAGE_SIZE)}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              getItemProps={(number) => ({ 'aria-label': `Page ${number}` })}
            />
          )}
        </>
      )}
      {deciding && (
        <DecisionModal
          decision={deciding}
          onClose={() => setDeciding(undefined)}
          onDecided={async (message) => {
            await untilDecided(deciding.proposal);
            setDeciding(undefined);
            setDecided(message);
            readAgain();
          }}
        />
      )}
    </Stack>
  );
}
