import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import type { Me } from '../api/session';

const NAV: Array<{ label: string; to: string; section?: string }> = [
  { label: 'Upcoming events', to: '/' },
  { label: 'Cases', to: '/cases' },
  { label: 'Clients', to: '/clients' },
  { label: 'Integrations', to: '/account/settings/firm/integrations', section: 'Settings' },
  { label: 'Team', to: '/account/settings/firm/team', section: 'Settings' },
  { label: 'Messaging', to: '/account/settings/firm/messaging', section: 'Settings' },
  { label: 'Profile', to: '/account/settings/profile', section: 'Settings' },
];

/** The staff app's frame: navigation (the guide's Account → Settings → Firm → Integrations path), the firm, sign out. */
export function Shell({ me }: { me: Me }) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      queryClient.clear();
      await navigate('/login', { replace: true });
    },
  });
  const isActive = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname.startsWith(to));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Open navigation" />
            <Text fw={700} component={Link} to="/" c="inherit" td="none">
              MyLawyerLink
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {me.firm.name}
            </Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" visibleFrom="sm">
              {me.user.name}
            </Text>
            <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <ScrollArea>
          <Stack gap={2}>
            {NAV.filter((n) => !n.section).map((n) => (
              <NavLink
                key={n.to}
                component={Link}
                to={n.to}
                label={n.label}
                active={isActive(n.to)}
                onClick={close}
                aria-current={isActive(n.to) ? 'page' : undefined}
              />
            ))}
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
              Account settings
            </Text>
            {NAV.filter((n) => n.section).map((n) => (
              <NavLink
                key={n.to}
                component={Link}
                to={n.to}
                label={n.label}
                active={isActive(n.to)}
                onClick={close}
                aria-current={isActive(n.to) ? 'page' : undefined}
              />
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
