import { Anchor, AppShell, Button, Group, Loader, Text } from '@mantine/core';
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import type { Permission } from './session';
import { useSession } from './session';

/** The pages in the navigation, each shown to the roles that may read (or, for escalations, decide) what it shows. */
const PAGES: { to: string; name: string; permission: Permission }[] = [
  { to: '/worklist', name: 'Worklist', permission: 'ReadWorklist' },
  { to: '/replies', name: 'Replies', permission: 'ReadReplies' },
  { to: '/disputes', name: 'Disputes', permission: 'ReadDisputeBoard' },
  { to: '/escalations', name: 'Escalations', permission: 'ReferToAgency' },
  { to: '/cash', name: 'Cash to apply', permission: 'ReadCash' },
  { to: '/aging', name: 'Aging', permission: 'ReadReports' },
  { to: '/kpis', name: 'KPIs', permission: 'ReadReports' },
  { to: '/dispute-causes', name: 'Dispute causes', permission: 'ReadReports' },
  { to: '/post-mortems', name: 'Post-mortems', permission: 'ReadReports' },
  { to: '/cash-forecast', name: 'Cash forecast', permission: 'ReadCashForecast' },
  { to: '/queries', name: 'Queries', permission: 'ReadAdHocQueries' },
  { to: '/policy', name: 'Policy', permission: 'ReadPolicy' },
];

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
            {PAGES.filter(({ permission }) => session.may(permission)).map(({ to, name }) => (
              <Anchor key={to} component={NavLink} to={to}>
                {name}
              </Anchor>
            ))}
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
        <Suspense fallback={<Loader aria-label="Loading the page" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
