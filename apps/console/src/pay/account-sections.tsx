import { Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import { formatMoney, words } from '../format';
import type { PayAccount, PayInvoice } from './pay-client';

/** Where an invoice stands besides being open, in words. */
const standingOf = ({ disputed, promised }: PayInvoice): string =>
  [disputed && 'disputed', promised && 'promised'].filter(Boolean).join(', ') || 'open';

/** The customer's open invoices: what each was, when it is due, what is left to pay, and whether disputed or promised. */
export function OpenInvoices({ invoices }: { invoices: PayInvoice[] }) {
  return (
    <section aria-labelledby="invoices-heading">
      <Title order={2} id="invoices-heading">
        Open invoices
      </Title>
      {invoices.length === 0 ? (
        <Text>Nothing is open on your account.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-labelledby="invoices-heading" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Issued on</Table.Th>
                <Table.Th>Due date</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Open amount</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.map((invoice) => (
                <Table.Tr key={invoice.invoiceId}>
                  <Table.Td>{invoice.invoiceId}</Table.Td>
                  <Table.Td>{invoice.issuedOn}</Table.Td>
                  <Table.Td>{invoice.dueOn}</Table.Td>
                  <Table.Td>{formatMoney(invoice.amount, invoice.currency)}</Table.Td>
                  <Table.Td>{formatMoney(invoice.openBalance, invoice.currency)}</Table.Td>
                  <Table.Td>{standingOf(invoice)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** A payment page the creditor named: only a web address is made a link (never `javascript:`). */
const webAddress = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** How to pay: the creditor's bank details, its payment page, and the reference to quote. */
export function HowToPay({ account }: { account: PayAccount }) {
  const { bankDetails, paymentUrl, contact } = account.creditor;
  const online = webAddress(paymentUrl);
  return (
    <section aria-labelledby="how-to-pay-heading">
      <Title order={2} id="how-to-pay-heading">
        How to pay
      </Title>
      <Stack gap="xs">
        {bankDetails && (
          <Text>
            By bank transfer: <span style={{ whiteSpace: 'pre-wrap' }}>{bankDetails}</span>
          </Text>
        )}
        {online && (
          <Text>
            Online:{' '}
            <Anchor href={online} target="_blank" rel="noopener noreferrer">
              {online}
            </Anchor>
          </Text>
        )}
        <Text>
          Payment reference: <strong>{account.paymentReference}</strong> (please quote it with your payment)
        </Text>
        {contact && <Text>Questions about your account: {contact}</Text>}
      </Stack>
    </section>
  );
}

/** The letters sent to the customer: the day and subject of each, its text when asked for. */
export function LettersSent({ letters }: { letters: PayAccount['letters'] }) {
  return (
    <section aria-labelledby="letters-heading">
      <Title order={2} id="letters-heading">
        Letters sent to you
      </Title>
      {letters.length === 0 ? (
        <Text>No letter has been sent.</Text>
      ) : (
        <Stack component="ul" aria-labelledby="letters-heading" gap="sm" style={{ listStyle: 'none', padding: 0 }}>
          {letters.map((letter) => (
            <Card component="li" key={letter.letterId} withBorder>
              {/* A disclosure: the summary is a button a keyboard and a screen reader know. */}
              <details>
                <summary>
                  {letter.sentOn}: {letter.subject} ({words(letter.kind)})
                </summary>
                <Text component="pre" size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'inherit' }}>
                  {letter.text}
                </Text>
              </details>
            </Card>
          ))}
        </Stack>
      )}
    </section>
  );
}
