import { List, Stack, Text, Title } from '@mantine/core';
import { useSession } from './session';

/** Words for the permission table's names, as a person reads them. */
function spaced(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

/** Who is signed in and what their role may do (GET /me). */
export function HomePage() {
  const { session } = useSession();
  if (!session) return null;
  const { actorId, role, permissions } = session.identity;
  return (
    <Stack>
      <Title order={1}>Signed in as {actorId}</Title>
      <Text>
        Role: <strong>{role}</strong>
      </Text>
      <section aria-labelledby="may-do">
        <Title order={2} id="may-do" size="h3">
          What you may do
        </Title>
        {permissions.commands.length === 0 ? (
          <Text>Your role records nothing: it only reads.</Text>
        ) : (
          <List>
            {permissions.commands.map((command) => (
              <List.Item key={command}>{spaced(command)}</List.Item>
            ))}
          </List>
        )}
      </section>
      <section aria-labelledby="may-read">
        <Title order={2} id="may-read" size="h3">
          What you may read
        </Title>
        <List>
          {permissions.reads.map((read) => (
            <List.Item key={read}>{spaced(read.replace(/^Read/, ''))}</List.Item>
          ))}
        </List>
      </section>
    </Stack>
  );
}
