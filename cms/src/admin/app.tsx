import type { StrapiApp } from '@strapi/strapi/admin';

/**
 * Admin panel customisation: Haven's admin is a clinic's back office, not a Strapi showcase.
 * - no tutorials, and no release notifications (the admin would otherwise call GitHub from staff
 *   browsers; Haven keeps staff traffic to its own servers);
 * - no guided tour ("Discover your application", the Content Manager popovers), no "Deploy" widget,
 *   no Marketplace link, no "new Media Library" banner (see below for how each is switched off in Strapi 5.54);
 * - the home page opens on Haven's own widgets (plugins/dashboards registers them).
 * cms/config/admin.ts holds the server-side switches (flags, preview).
 */

/** Strapi's guided tour keeps its state in this browser storage key (admin/src/components/GuidedTour/Context). */
const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';

/**
 * Strapi 5.54 has no setting for the guided tour: it runs unless its stored state says the tours were
 * skipped, which is what the tour's own "Skip" does (`enabled: false`). Writing that state before the
 * admin renders turns the tour off for every staff browser; the rest of the stored state is kept.
 */
function skipGuidedTour() {
  try {
    const raw = window.localStorage.getItem(GUIDED_TOUR_KEY);
    const stored: unknown = raw ? JSON.parse(raw) : {};
    const state = typeof stored === 'object' && stored !== null ? stored : {};
    window.localStorage.setItem(GUIDED_TOUR_KEY, JSON.stringify({ ...state, enabled: false }));
  } catch {
    // Storage unavailable (private mode) or unreadable: the tour may show; nothing else depends on it.
  }
}

/**
 * The Marketplace link (market.strapi.io) is a core menu entry shown to anyone holding
 * admin::marketplace.read, which the Super Admin always holds; Strapi 5.54 offers no switch for it,
 * so one narrowly scoped rule hides exactly that link.
 */
function hideMarketplaceLink() {
  const style = document.createElement('style');
  style.dataset.haven = 'no-marketplace';
  style.textContent = 'nav a[href^="https://market.strapi.io"] { display: none !important; }';
  document.head.appendChild(style);
}

/**
 * Strapi 5.54 shows an "Introducing the new Media Library" banner above every admin page until it is
 * dismissed, with no setting to turn it off. Its dismissal lives in browser storage under
 * `STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_<legacy flag>:<project uuid>` (admin/src/components/
 * MediaLibraryBanner, usePersistentState): marking it dismissed before the admin renders hides it for
 * every staff browser. The uuid is cms/package.json's `strapi.uuid`; `false` (telemetry off in
 * package.json) and `undefined` (the first render, before the admin's init answer) are its other values.
 */
const PROJECT_UUID = 'haven-cms';
function dismissMediaLibraryBanner() {
  try {
    for (const legacy of ['true', 'false']) {
      for (const scope of [PROJECT_UUID, 'false', 'undefined']) {
        window.localStorage.setItem(`STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${scope}`, 'true');
      }
    }
  } catch {
    // Storage unavailable: the banner may show (and can be closed); nothing else depends on it.
  }
}

/** Core widgets Haven does not show: "Deploy" (Strapi Cloud) appears only with the cloud plugin, dropped in case it is ever installed. */
const DROPPED_WIDGETS = new Set(['deploy-now']);

export default {
  config: {
    locales: [],
    tutorials: false,
    notifications: { releases: false },
  },
  register(app: StrapiApp) {
    // Runs after the core and plugin widgets are registered: drop the promotions, Haven's dashboards first.
    app.widgets.register((widgets) => {
      const kept = widgets.filter((widget) => !(widget.pluginId === 'admin' && DROPPED_WIDGETS.has(widget.id)));
      return [...kept.filter((widget) => widget.pluginId === 'dashboards'), ...kept.filter((widget) => widget.pluginId !== 'dashboards')];
    });
  },
  bootstrap(_app: StrapiApp) {
    skipGuidedTour();
    dismissMediaLibraryBanner();
    hideMarketplaceLink();
  },
};
