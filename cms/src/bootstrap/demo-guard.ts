import type { Core } from '@strapi/strapi';
import { isLocalUrl } from '@haven/shared/server/net';

/** Every demo account (database/seed/demo.json) lives at this domain, reserved for the demo. */
export const DEMO_DOMAIN = '@haven.example';

/**
 * Demo accounts share a published password, so they must never exist where strangers can reach
 * them: when the site's or the CMS's public URL is not on this machine, the CMS refuses to start
 * while asked to seed demo data or while demo accounts (staff or site) are in the database.
 */
export async function refuseDemoAccountsInPublic(strapi: Core.Strapi, seedRequested: boolean) {
  const urls = [process.env.PUBLIC_SITE_URL, process.env.PUBLIC_CMS_URL].filter((url): url is string => Boolean(url));
  const publicUrl = urls.find((url) => !isLocalUrl(url));
  if (!publicUrl) return;
  if (seedRequested) {
    throw new Error(`Refusing to start: HAVEN_SEED_DEMO=true, but ${publicUrl} is a public address. Demo accounts share a published password; seed them only on a local machine.`);
  }
  const where = { email: { $endsWith: DEMO_DOMAIN } };
  const [staff, members] = await Promise.all([strapi.db.query('admin::user').findMany({ where, select: ['email'] }), strapi.db.query('plugin::users-permissions.user').count({ where })]);
  if (staff.length || members) {
    const names = staff.map((user: { email: string }) => user.email).join(', ');
    throw new Error(
      `Refusing to start: the database holds demo accounts (${staff.length} staff${names ? `: ${names}` : ''}; ${members} site) whose password is published, ` +
        `and ${publicUrl} is a public address. Delete them (admin panel → Settings → Users; Content Manager → User) on a local start, then start again.`,
    );
  }
}
