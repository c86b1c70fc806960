import { Button, Container, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useSession } from './session';

/** Sign-in with an API key; the key decides the role, and the role what the console shows. */
export function SignInPage() {
  const { signIn } = useSession();
  const [apiKey, setApiKey] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (apiKey.trim() === '') {
      setFailure('Enter the API key you were given.');
      return;
    }
    setBusy(true);
    setFailure(await signIn(apiKey));
    setBusy(false);
  };

  return (
    <Container size="xs" py="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1}>Collections</Title>
          <Text>Sign in with the API key your administrator gave you. It is kept only while this tab is open.</Text>
          <PasswordInput
            label="API key"
            value={apiKey}
            onChange={(event) => setApiKey(event.currentTarget.value)}
            error={failure}
            autoComplete="off"
            autoFocus
          />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Container>
  );
}
