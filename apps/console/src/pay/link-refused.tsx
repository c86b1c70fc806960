import { Alert, Button, Container, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { LinkRefusal, PayClient } from './pay-client';

/** Why the link opens nothing, in words a customer reads. */
const WHY: Record<LinkRefusal, string> = {
  invalid: 'This is not a valid link. If you copied it from a letter, check that it was copied whole.',
  expired: 'This link has expired: each letter’s link works for a limited time.',
  revoked: 'This link was withdrawn by the sender.',
};

type Request = { state: 'idle' | 'sending' } | { state: 'sent' } | { state: 'failed'; message: string };

/**
 * The plain page of a link that opens nothing (bad, expired or withdrawn): it says why, and lets
 * the customer ask for a new one, which tells their collector. It shows nothing of any account.
 */
export function LinkRefused({ reason, client }: { reason: LinkRefusal; client: PayClient | undefined }) {
  const [request, setRequest] = useState<Request>({ state: 'idle' });
  const ask = async () => {
    if (!client) return setRequest({ state: 'failed', message: 'This address holds no link to renew.' });
    setRequest({ state: 'sending' });
    try {
      const { error, response } = await client.requestLink();
      if (response.ok) return setRequest({ state: 'sent' });
      setRequest({ state: 'failed', message: error?.detail ?? 'Your request could not be passed on.' });
    } catch {
      setRequest({ state: 'failed', message: 'The service could not be reached. Try again in a moment.' });
    }
  };
  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Title order={1}>This link does not work</Title>
        <Text>{WHY[reason]}</Text>
        {request.state === 'sent' ? (
          <Alert color="green" role="status" title="Request sent">
            Thank you. Your request has been passed on: the person who looks after your account will send you a new link.
          </Alert>
        ) : (
          <>
            <Text>You can ask for a new link: the person who looks after your account will send you one.</Text>
            <div>
              <Button onClick={() => void ask()} loading={request.state === 'sending'}>
                Request a new link
              </Button>
            </div>
            {request.state === 'failed' && (
              <Alert color="red" role="alert" title="Not sent">
                {request.message}
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Container>
  );
}
