import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';

interface RoleRow {
  id: number;
  type: string;
  name: string;
  description: string;
}
interface PermissionRow {
  id: number;
  action: string;
  role?: number | { id: number };
}
/** A mail template of users-permissions' "email" store entry. */
interface MailTemplate {
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The site's roles (users-permissions) and exactly what each may call. This table is the source
 * of truth: bootstrap adds what is missing and removes what is not listed, so clicks in the admin
 * cannot drift the permissions away from the code.
 */
const UP = 'plugin::users-permissions';
const PLUGINS = ['people', 'audit', 'safety', 'booking', 'payments', 'chat', 'wellness', 'community', 'library', 'dashboards', 'identity', 'privacy'];

const SIGNED_OUT_AUTH = [
  ...['callback', 'register', 'forgotPassword', 'resetPassword', 'emailConfirmation', 'sendEmailConfirmation', 'refresh'].map((action) => `${UP}.auth.${action}`),
  // The second step of a log-in with two-step sign-in on (the password step answered a challenge).
  'plugin::identity.twoFactorSignIn.complete',
];
const CATALOGUE = [
  'api::therapist-profile.therapist-profile.directory',
  'api::therapist-profile.therapist-profile.directoryEntry',
  'api::category.category.find',
  'api::category.category.findOne',
  'api::resource.resource.find',
  'api::resource.resource.findOne',
  ...PLUGINS.map((name) => `plugin::${name}.health.index`),
  'plugin::library.search.search',
  'plugin::library.search.config',
  // The site counts a resource page's view (at most once per visitor, resource and day).
  'plugin::library.views.record',
  'plugin::community.categories.find',
  'plugin::community.crisis.find',
  'plugin::safety.lines.find',
  ...['slots.find', 'slots.series', 'feed.download'].map((action) => `plugin::booking.${action}`),
];
const SIGNED_IN = [
  `${UP}.user.me`,
  `${UP}.auth.refresh`,
  `${UP}.auth.logout`,
  `${UP}.auth.changePassword`,
  `${UP}.auth.getSessions`,
  `${UP}.auth.revokeSession`,
  'api::profile.profile.me',
  'api::profile.profile.updateMe',
  'api::profile.profile.uploadAvatar',
  // Notification settings and an email change (new address, current password; the link is used signed in).
  'api::profile.profile.notifications',
  'api::profile.profile.updateNotifications',
  'api::account.account.requestEmailChange',
  'api::account.account.checkEmailChange',
  'api::account.account.confirmEmailChange',
  // Your data (issue 20): a copy of everything Haven holds about you; who reads which export is checked in the plugin.
  ...['exports.create', 'exports.latest', 'exports.findOne', 'exports.link', 'exports.download'].map((action) => `plugin::privacy.${action}`),
  // Deleting one's own account: ask (password again), see the date, cancel; the notice after a log-in cancelled it.
  ...['erasure.find', 'erasure.create', 'erasure.cancel', 'erasure.acknowledge'].map((action) => `plugin::privacy.${action}`),
  // One's own consent to the privacy notice and terms: what was agreed, and agreeing to a new version.
  'plugin::identity.consent.find',
  'plugin::identity.consent.accept',
  // One's own two-step sign-in (set up, confirm, turn off, new recovery codes).
  ...['status', 'start', 'confirm', 'disable', 'regenerate'].map((action) => `plugin::identity.twoFactor.${action}`),
];
/** The anonymous community: members read, post, reply, react and flag under their alias. */
const COMMUNITY = [
  'members.me',
  'members.changeAlias',
  'posts.find',
  'posts.findOne',
  'posts.mine',
  'posts.create',
  'posts.update',
  'posts.delete',
  'replies.create',
  'replies.update',
  'replies.delete',
  'reactions.toggle',
  'flags.create',
  'notices.find',
  'notices.read',
].map((action) => `plugin::community.${action}`);
/** One's own wellness tracker (clients and therapists alike); who reads which row is checked in the plugin. */
const WELLNESS = [
  'entries.find',
  'entries.findOne',
  'entries.create',
  'entries.put',
  'entries.delete',
  'assessments.find',
  'assessments.create',
  'assessments.delete',
  'stats.find',
  'settings.find',
  'settings.update',
  'exports.download',
  'shares.find',
  'shares.grant',
  'shares.revoke',
].map((action) => `plugin::wellness.${action}`);
/** A therapist's view of the clients who share with them (only while consent lasts), and who of them flagged PHQ-9 item 9. */
const WELLNESS_THERAPIST = ['clients.find', 'clients.findOne', 'clients.stats', 'clients.entries', 'clients.assessments', 'flags.find'].map((action) => `plugin::wellness.${action}`);
/** Sessions: book, list, cancel, reschedule, decline (participants only, the therapist for decline, checked by the booking plugin) and one's calendar feed. */
const BOOKING = ['bookings.create', 'bookings.find', 'bookings.findOne', 'bookings.cancel', 'bookings.reschedule', 'bookings.outcome', 'bookings.decline', 'schedule.find', 'feed.status', 'feed.rotate', 'feed.revoke'].map(
  (action) => `plugin::booking.${action}`,
);
/** Chat and video: participants only (checked by the chat plugin; everyone else gets 404). */
const CHAT = ['conversations.find', 'conversations.findOne', 'conversations.open', 'conversations.messages', 'conversations.send', 'conversations.read', 'video.access'].map((action) => `plugin::chat.${action}`);
/** Payments: pay for one's own bookings, one's payment history and receipts (payer and payee only, checked by the plugin). */
const PAYMENTS = ['checkout.create', 'checkout.complete', 'payments.find', 'payments.findOne', 'payments.receipt', 'instructions.howToPay'].map((action) => `plugin::payments.${action}`);
const THERAPIST_ONLY = [
  // Marking direct payments (and undoing one's own mark for a short time), and one's own payment instructions.
  ...['payments.mark', 'payments.unmark', 'instructions.mine', 'instructions.updateMine'].map((action) => `plugin::payments.${action}`),
  'api::therapist-profile.therapist-profile.me',
  'api::therapist-profile.therapist-profile.updateMe',
  ...['availability.find', 'availability.update', 'availability.preview', 'availability.addDayOff', 'availability.removeDayOff', 'calendars.find', 'calendars.create', 'calendars.refresh', 'calendars.delete'].map((action) => `plugin::booking.${action}`),
  // One's own application: status, staff's message, the licence document and a renewed licence's date (own only, checked by the plugin).
  ...['mine.find', 'mine.upload', 'mine.download', 'mine.renew'].map((action) => `plugin::applications.${action}`),
];

export const SITE_ROLES: Record<string, { name: string; description: string; permissions: string[] }> = {
  public: { name: 'Public', description: 'Visitors who are not logged in', permissions: [...SIGNED_OUT_AUTH, ...CATALOGUE] },
  authenticated: { name: 'Authenticated', description: 'Accounts with no Haven role yet', permissions: [...SIGNED_IN] },
  client: { name: 'Client', description: 'People looking for support (the default on sign-up)', permissions: [...SIGNED_IN, ...CATALOGUE, ...COMMUNITY, ...BOOKING, ...CHAT, ...PAYMENTS, ...WELLNESS] },
  therapist: {
    name: 'Therapist',
    description: 'Therapists; listed publicly only once staff verify them',
    permissions: [...SIGNED_IN, ...CATALOGUE, ...COMMUNITY, ...BOOKING, ...CHAT, ...PAYMENTS, ...WELLNESS, ...WELLNESS_THERAPIST, ...THERAPIST_ONLY],
  },
};

export async function seedSiteRoles(strapi: Core.Strapi) {
  const roleQuery = tableOf<RoleRow>(strapi, `${UP}.role`);
  const permissionQuery = tableOf<PermissionRow>(strapi, `${UP}.permission`);

  for (const [type, spec] of Object.entries(SITE_ROLES)) {
    let role = await roleQuery.findOne({ where: { type } });
    if (!role) role = await roleQuery.create({ data: { type, name: spec.name, description: spec.description } });

    const existing = await permissionQuery.findMany({ where: { role: { id: role.id } } });
    const wanted = new Set(spec.permissions);
    const stale = existing.filter((permission) => !wanted.has(permission.action));
    if (stale.length) await permissionQuery.deleteMany({ where: { id: { $in: stale.map((p) => p.id) } } });
    const have = new Set(existing.map((permission) => permission.action));
    for (const action of spec.permissions) {
      if (!have.has(action)) await permissionQuery.create({ data: { action, role: role.id } });
    }
  }
}

/** Sign-up defaults: new accounts are Clients and must confirm their email before logging in. */
export async function configureSignUp(strapi: Core.Strapi) {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) as Record<string, unknown>) ?? {};
  const siteUrl = process.env.PUBLIC_SITE_URL || 'http://localhost:4321';
  await store.set({
    key: 'advanced',
    value: {
      ...advanced,
      unique_email: true,
      allow_register: true,
      email_confirmation: process.env.EMAIL_CONFIRMATION !== 'false',
      email_confirmation_redirection: `${siteUrl}/login?confirmed=1`,
      email_reset_password: `${siteUrl}/reset-password`,
      default_role: 'client',
    },
  });

  // Mail templates in Haven's voice; users-permissions fills <%= URL %>, <%= CODE %>, <%= TOKEN %>.
  const email = ((await store.get({ key: 'email' })) as Record<string, MailTemplate | undefined> | null) ?? {};
  const from = { name: 'Haven', email: (process.env.EMAIL_FROM_ADDRESS || 'no-reply@haven.example') };
  await store.set({
    key: 'email',
    value: {
      ...email,
      reset_password: {
        ...email.reset_password,
        options: {
          ...email.reset_password?.options,
          from,
          object: 'Reset your Haven password',
          message:
            '<p>Someone asked to reset the password of your Haven account.</p>' +
            '<p>To choose a new password, open this link: <a href="<%= URL %>?code=<%= TOKEN %>"><%= URL %>?code=<%= TOKEN %></a></p>' +
            '<p>If it was not you, you can ignore this message: your password stays the same.</p>',
        },
      },
      email_confirmation: {
        ...email.email_confirmation,
        options: {
          ...email.email_confirmation?.options,
          from,
          object: 'Confirm your Haven account',
          message:
            '<p>Welcome to Haven.</p><p>Please confirm your email address by opening this link: ' +
            '<a href="<%= URL %>?confirmation=<%= CODE %>"><%= URL %>?confirmation=<%= CODE %></a></p>',
        },
      },
    },
  });
}
