import { Table, Text, Title } from '@mantine/core';
import { formatDay } from '../format';
import type { AccountState } from './account-summary';

/** The account's referrals to collection agencies, active or recalled, as of the state's day. */
export function Referrals({ state }: { state: AccountState }) {
  return (
    <section aria-labelledby="referrals-heading">
      <Title order={2} id="referrals-heading">
        Referrals
      </Title>
      {state.agencyReferrals.length === 0 ? (
        <Text>No referral to an agency as of {state.asOf}.</Text>
      ) : (
        <Table aria-labelledby="referrals-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Referral</Table.Th>
              <Table.Th>Agency</Table.Th>
              <Table.Th>Invoices</Table.Th>
              <Table.Th>Referred on</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.agencyReferrals.map((referral) => (
              <Table.Tr key={referral.referralId}>
                <Table.Td>{referral.referralId}</Table.Td>
                <Table.Td>{referral.agency}</Table.Td>
                <Table.Td>{referral.invoiceIds.join(', ')}</Table.Td>
                <Table.Td>{formatDay(referral.referredOn)}</Table.Td>
                <Table.Td>{referral.status === 'recalled' ? `recalled on ${formatDay(referral.recalledOn)}` : 'active'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

/** The legal actions initiated on the account's invoices, as of the state's day. */
export function LegalActions({ state }: { state: AccountState }) {
  return (
    <section aria-labelledby="legal-actions-heading">
      <Title order={2} id="legal-actions-heading">
        Legal actions
      </Title>
      {state.legalActions.length === 0 ? (
        <Text>No legal action as of {state.asOf}.</Text>
      ) : (
        <Table aria-labelledby="legal-actions-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Case</Table.Th>
              <Table.Th>Court</Table.Th>
              <Table.Th>Invoices</Table.Th>
              <Table.Th>Initiated on</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.legalActions.map((action) => (
              <Table.Tr key={action.caseId}>
                <Table.Td>{action.caseId}</Table.Td>
                <Table.Td>{action.smallClaims ? `${action.court} (small claims)` : action.court}</Table.Td>
                <Table.Td>{action.invoiceIds.join(', ')}</Table.Td>
                <Table.Td>{formatDay(action.initiatedOn)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
