import { Alert, Button, Center, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { CommandDialog } from '../actions/command-dialog';
import { useRereadableAnswer } from '../use-answer';
import { HowToPay, LettersSent, OpenInvoices } from './account-sections';
import { LinkRefused } from './link-refused';
import { LinkRefusal, PayAccount, PayClient, payClient } from './pay-client';
import { DisputeForm, PaymentReportForm, PromiseForm } from './pay-forms';

type Opened = { account: PayAccount } | { refused: LinkRefusal };

/** The account the token opens, or why it opens none; anything else is an error to show. */
async function open(client: PayClient): Promise<Opened> {
  const { data, error, response } = await client.account();
  if (data) return { account: data };
  if (response.status === 404) return { refused: 'invalid' };
  if (response.status === 410) return { refused: error?.reason === 'revoked' ? 'revoked' : 'expired' };
  throw new Error(error?.detail ?? `The service answered ${response.status}. Try again in a moment.`);
}

/**
 * The customer's page, opened by the link in a letter: its open invoices, the letters it was
 * sent, how to pay, and three things it may do (promise, dispute, say it paid). Each is read
 * again after anything is sent, so the page shows what the service now holds.
 */
export function PayPage({ token }: { token: string }) {
  const client = useMemo(() => payClient(token, window.location.origin), [token]);
  const [opened, reread] = useRereadableAnswer(() => open(client), [client]);
  const [confirmation, setConfirmation] = useState<string>();

  if (opened === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label="Opening your account" />
      </Center>
    );
  }
  if (opened instanceof Error) {
    return (
      <Container size="sm" py="xl" component="main">
        <Title order={1}>Your account cannot be shown just now</Title>
        <Alert color="red" role="alert" mt="md">
          {opened.message}
        </Alert>
      </Container>
    );
  }
  if ('refused' in opened) return <LinkRefused reason={opened.refused} client={client} />;

  const { account } = opened;
  const sent = (done: () => void) => (message: string) => {
    setConfirmation(message);
    done();
  };
  return (
    <Container size="lg" py="xl" component="main">
      <Stack gap="lg">
        <header>
          <Title order={1}>{account.creditor.name}</Title>
          <Text c="dimmed">
            Your account {account.customerId}. This link works until {account.linkExpiresOn}.
          </Text>
        </header>
        {confirmation && (
          <Alert
            color="green"
            role="status"
            title="Sent"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setConfirmation(undefined)}
          >
            {confirmation}
          </Alert>
        )}
        <Group role="group" aria-label="What you can do">
          {account.promise.allowed ? (
            <CommandDialog label="Promise to pay" onRecorded={reread}>
              {(done) => <PromiseForm account={account} client={client} onSent={sent(done)} />}
            </CommandDialog>
          ) : (
            <Group gap="xs">
              <Button variant="light" disabled aria-describedby="promise-not-allowed">
                Promise to pay
              </Button>
              <Text id="promise-not-allowed" size="sm">
                {account.promise.reason ?? 'A promise cannot be made here just now: please call us.'}
              </Text>
            </Group>
          )}
          {account.invoices.length > 0 && (
            <CommandDialog label="Dispute an invoice" onRecorded={reread}>
              {(done) => <DisputeForm account={account} client={client} onSent={sent(done)} />}
            </CommandDialog>
          )}
          <CommandDialog label="I have paid" onRecorded={reread}>
            {(done) => <PaymentReportForm account={account} client={client} onSent={sent(done)} />}
          </CommandDialog>
        </Group>
        <OpenInvoices invoices={account.invoices} />
        <HowToPay account={account} />
        <LettersSent letters={account.letters} />
      </Stack>
    </Container>
  );
}
