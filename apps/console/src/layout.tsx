import { Anchor, AppShell, Button, Group, Text } from '@mantine/core';
import { NavLink, Outlet } from 'react-router';
import { useSession } from './session';

/** The frame of every page once signed in: who is signed in, and signing out. */
export function Layout() {
  const { session, signOut } = useSession();
  if (!session) return null;
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group component="nav" aria-label="Pages">
            <Text fw={700}>Collections</Text>
            <Anchor component={NavLink} to="/" end>
              You
            </Anchor>
            {session.may('ReadWorklist') && (
              <Anchor component={NavLink} to="/worklist">
                Worklist
              </Anchor>
            )}
          </Group>
          <Group>
            <Text size="sm">
              {session.identity.actorId} ({session.identity.role})
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
