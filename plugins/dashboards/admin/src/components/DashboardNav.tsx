/**
 * Links between the dashboard pages, each shown only to staff holding that page's permission (the
 * server refuses the others anyway). The current page is marked with aria-current by NavLink.
 */
import { Box, Flex, LinkButton } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink, useLocation } from 'react-router-dom';
import { DASHBOARD_PAGES } from '../permissions';

/** How useRBAC names an action in allowedActions: plugin::dashboards.read → canRead, x.some-thing → canSomeThing. */
const allowedKey = (action: string) =>
  `can${(action.split('.').pop() ?? '')
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

export function DashboardNav() {
  const { allowedActions, isLoading } = useRBAC(Object.fromEntries(DASHBOARD_PAGES.map((page) => [page.id, page.permissions])));
  const { pathname } = useLocation();
  if (isLoading) return null;
  const pages = DASHBOARD_PAGES.filter((page) => page.permissions.some(({ action }) => allowedActions[allowedKey(action)]));
  if (pages.length < 2) return null;
  return (
    <Box tag="nav" aria-label="Dashboards" paddingLeft={10} paddingRight={10} paddingTop={6}>
      <Flex gap={2} wrap="wrap">
        {pages.map((page) => {
          const current = page.path === '' ? /\/plugins\/dashboards\/?$/.test(pathname) : pathname.endsWith(`/${page.path}`);
          return (
            <LinkButton key={page.id} tag={NavLink} to={page.path === '' ? '.' : page.path} end variant={current ? 'secondary' : 'tertiary'} size="S">
              {page.label}
            </LinkButton>
          );
        })}
      </Flex>
    </Box>
  );
}
