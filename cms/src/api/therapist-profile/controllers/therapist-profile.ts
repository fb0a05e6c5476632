import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import type { SiteUser } from '../../../lib/context';
import { isDocumentIdParam, parseOrThrow, therapistProfileUpdate } from '../../../lib/validation';
import { therapistProfiles, toOwnerView } from '../services/therapist-profile';

const UID = 'api::therapist-profile.therapist-profile';
const paging = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    specialty: z.string().trim().max(60).optional(),
    language: z.string().trim().max(60).optional(),
    /** Highest rate per session, in minor units of `currency` (rates in different currencies are never compared). */
    maxRate: z.coerce.number({ message: 'must be a whole number of minor units (cents)' }).int({ message: 'must be a whole number of minor units (cents)' }).min(0, { message: 'must be 0 or more' }).max(10_000_000).optional(),
    /** Only therapists who charge in this currency (ISO 4217); required with maxRate. */
    currency: z
      .string()
      .trim()
      .max(3, { abort: true })
      .transform((code) => code.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "EUR"' }))
      .optional(),
    q: z.string().trim().max(100).optional(),
    /** "week": only therapists with a free slot in the next 7 days. */
    available: z.enum(['week']).optional(),
  })
  .strip()
  // A bare number would compare €90 with $100: the highest rate must say which currency it is in.
  .refine((query) => query.maxRate === undefined || query.currency !== undefined, {
    path: ['currency'],
    message: 'is required with maxRate: rates in different currencies are not compared (for example maxRate=10000&currency=EUR)',
  });

export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => therapistProfiles(strapi);

  async function ownTherapistProfile(ctx: Context) {
    const user: SiteUser | undefined = ctx.state.user;
    if (!user) throw new errors.UnauthorizedError('Log in as a therapist');
    const mine = await service().findForUser(user.id);
    if (!mine) throw new errors.NotFoundError('You have no therapist profile: sign up as a therapist to create one');
    return mine;
  }

  return {
    async me(ctx: Context) {
      ctx.body = { data: toOwnerView(await ownTherapistProfile(ctx)) };
    },

    async updateMe(ctx: Context) {
      const body: unknown = ctx.request.body;
      const changes = parseOrThrow(therapistProfileUpdate, (body as { data?: unknown } | undefined)?.data ?? body);
      const { updated, reverification } = await service().updateOwn(await ownTherapistProfile(ctx), changes);
      ctx.body = { data: toOwnerView(updated), meta: { reverification } };
    },

    async directory(ctx: Context) {
      const query = parseOrThrow(paging, ctx.query);
      ctx.body = await service().listVerified(query);
    },

    async directoryEntry(ctx: Context) {
      const id = String(ctx.params.id ?? '');
      if (!isDocumentIdParam(id)) throw new errors.NotFoundError('No such therapist');
      const therapist = await service().findVerified(id);
      if (!therapist) throw new errors.NotFoundError('No such therapist');
      ctx.body = { data: therapist };
    },
  };
});
