/**
 * Admin panel part of the dashboards plugin: the home page widget (last 30 days' key figures) and the
 * Dashboards page. Strapi's admin build (vite) bundles this file through package.json#exports["./strapi-admin"].
 */
import { PresentationChart } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

export default {
  register(app: StrapiApp) {
    // Shown only to admin users holding plugin::dashboards.read (the menu filters on `permissions`).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PresentationChart,
      intlLabel: { id: `${PLUGIN_ID}.menu.dashboards`, defaultMessage: 'Dashboards' },
      permissions: PERMISSIONS.read,
      position: 1,
      Component: () => import('./pages/App'),
    });
    // The home page widget, through Strapi's widget API; the home page shows it only with the same permission.
    app.widgets.register({
      id: 'usage',
      pluginId: PLUGIN_ID,
      icon: PresentationChart,
      title: { id: `${PLUGIN_ID}.widget.usage.title`, defaultMessage: 'Last 30 days' },
      link: { label: { id: `${PLUGIN_ID}.widget.usage.link`, defaultMessage: 'Open dashboards' }, href: `/plugins/${PLUGIN_ID}` },
      permissions: PERMISSIONS.read,
      component: async () => (await import('./components/UsageWidget')).UsageWidget,
    });
    // Applications waiting and for how long, for staff holding plugin::dashboards.therapists.
    app.widgets.register({
      id: 'applications',
      pluginId: PLUGIN_ID,
      icon: PresentationChart,
      title: { id: `${PLUGIN_ID}.widget.applications.title`, defaultMessage: 'Therapist applications' },
      link: { label: { id: `${PLUGIN_ID}.widget.applications.link`, defaultMessage: 'Open therapists dashboard' }, href: `/plugins/${PLUGIN_ID}/therapists` },
      permissions: PERMISSIONS.therapists,
      component: async () => (await import('./components/ApplicationsWidget')).ApplicationsWidget,
    });
    // Library views and searches, for editors (plugin::dashboards.library): what people look for and do not find.
    app.widgets.register({
      id: 'library',
      pluginId: PLUGIN_ID,
      icon: PresentationChart,
      title: { id: `${PLUGIN_ID}.widget.library.title`, defaultMessage: 'Library: top searches / no result' },
      link: { label: { id: `${PLUGIN_ID}.widget.library.link`, defaultMessage: 'Write a resource' }, href: '/content-manager/collection-types/api::resource.resource/create' },
      permissions: PERMISSIONS.library,
      component: async () => (await import('./components/LibraryWidget')).LibraryWidget,
    });
    // Flags waiting and turnaround, for moderators (plugin::dashboards.moderation).
    app.widgets.register({
      id: 'moderation',
      pluginId: PLUGIN_ID,
      icon: PresentationChart,
      title: { id: `${PLUGIN_ID}.widget.moderation.title`, defaultMessage: 'Moderation: flags waiting, turnaround' },
      link: { label: { id: `${PLUGIN_ID}.widget.moderation.link`, defaultMessage: 'Open the moderation queue' }, href: '/plugins/community' },
      permissions: PERMISSIONS.moderation,
      component: async () => (await import('./components/ModerationWidget')).ModerationWidget,
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap() {},

  /** Every message carries its English defaultMessage; other locales fall back to it. */
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
