/**
 * Exports of a person's data: the person's own routes (content API: /api/privacy/exports…) and the
 * staff's (admin API: /privacy/…, plugin::privacy.export). The one-time download token travels in the
 * POST body, never in an address.
 */
import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, staffActor, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { downloadBody, staffExportBody, userIdParam } from '../lib/export-validation';
import type { ExportArchive } from '../services/exports';
import { exportStatusView } from '../lib/export-views';

const LOG_IN = 'Log in to get a copy of your data';
const me = (ctx: HavenContext) => siteUserId(ctx, LOG_IN);

/** The archive as a download that no browser renders or sniffs and nobody caches. */
function sendArchive(ctx: HavenContext, archive: ExportArchive): void {
  ctx.set('Content-Type', 'application/zip');
  ctx.set('Content-Disposition', `attachment; filename="${archive.fileName}"`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.body = archive.bytes;
}

export default () =>
  withErrors({
    /** POST /api/privacy/exports: queues an export of one's own data (409 while one runs, 429 past the daily limit). */
    async create(ctx: HavenContext) {
      const userId = me(ctx);
      ctx.status = 202;
      ctx.body = { data: exportStatusView.pick(await getService('exports').request(userId, { kind: 'self', userId })) };
    },

    /** GET /api/privacy/exports/latest: one's newest export, or null. */
    async latest(ctx: HavenContext) {
      const status = await getService('exports').latest(me(ctx));
      ctx.body = { data: status ? exportStatusView.pick(status) : null };
    },

    /** GET /api/privacy/exports/:id: progress (step n of N, the plugin being read) and state. */
    async findOne(ctx: HavenContext) {
      const userId = me(ctx);
      ctx.body = { data: exportStatusView.pick(await getService('exports').status(idParam(ctx.params.id, 'export'), { kind: 'self', userId })) };
    },

    /** POST /api/privacy/exports/:id/link: a one-time download token for a ready archive. */
    async link(ctx: HavenContext) {
      const userId = me(ctx);
      ctx.body = { data: await getService('exports').link(idParam(ctx.params.id, 'export'), { kind: 'self', userId }) };
    },

    /** POST /api/privacy/exports/:id/download { token }: the zip, once. */
    async download(ctx: HavenContext) {
      const userId = me(ctx);
      const id = idParam(ctx.params.id, 'export');
      const { token } = parseOrThrow(downloadBody, bodyOf(ctx.request.body));
      sendArchive(ctx, await getService('exports').download(id, token, { kind: 'self', userId }));
    },

    /** POST /privacy/accounts/:userId/exports { reason } (admin): queues an export of an account's data, audited. */
    async staffCreate(ctx: HavenContext) {
      const staff = staffActor(ctx);
      const userId = parseOrThrow(userIdParam, ctx.params.userId);
      const { reason } = parseOrThrow(staffExportBody, bodyOf(ctx.request.body));
      ctx.status = 202;
      ctx.body = { data: exportStatusView.pick(await getService('exports').request(userId, { kind: 'staff', staff, reason })) };
    },

    /** GET /privacy/exports/:id (admin): the staff member's own export's progress. */
    async staffFindOne(ctx: HavenContext) {
      const { adminId } = staffActor(ctx);
      ctx.body = { data: exportStatusView.pick(await getService('exports').status(idParam(ctx.params.id, 'export'), { kind: 'staff', adminId })) };
    },

    /** POST /privacy/exports/:id/link (admin): a one-time download token. */
    async staffLink(ctx: HavenContext) {
      const { adminId } = staffActor(ctx);
      ctx.body = { data: await getService('exports').link(idParam(ctx.params.id, 'export'), { kind: 'staff', adminId }) };
    },

    /**
     * GET /privacy/exports/:id/download with the token in the X-Download-Token header (admin): the zip,
     * once, audited. A GET because the admin panel's fetch client reads binary answers of GETs only; the
     * token stays out of the address all the same, and the admin session is a bearer header (no CSRF).
     */
    async staffDownload(ctx: HavenContext) {
      const staff = staffActor(ctx);
      const id = idParam(ctx.params.id, 'export');
      const { token } = parseOrThrow(downloadBody, { token: ctx.get('x-download-token') || undefined });
      sendArchive(ctx, await getService('exports').download(id, token, { kind: 'staff', staff, reason: 'Downloaded the export asked for' }));
    },
  });
