import { z } from 'zod';
import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { publicView } from '@haven/shared/view';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import type { ConsentStatus } from '@haven/shared/consent';
import { getService } from '../get-service';

/** `POST /consent`: the version the person was shown (checked against the one in force by the service). */
const acceptBody = z.object({ version: z.string().trim().min(1, { message: 'is required' }).max(40, { message: 'must be at most 40 characters' }) }).strict();

/** What leaves the server: the versions and whether to ask; never the user id or row ids. */
const consentStatusView = publicView<ConsentStatus>()('currentVersion', 'acceptedVersion', 'acceptedAt', 'mustAsk');

const signedIn = (ctx: HavenContext) => siteUserId(ctx, 'Log in to see what you agreed to.');

/** GET|POST /api/identity/consent: one's own consent to the privacy notice and terms. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = { data: consentStatusView.pick(await getService('consent').status(signedIn(ctx))) };
    },

    async accept(ctx: HavenContext) {
      const userId = signedIn(ctx);
      const { version } = parseOrThrow(acceptBody, bodyOf(ctx.request.body));
      ctx.body = { data: consentStatusView.pick(await getService('consent').accept(userId, version, 'renewed')) };
    },
  });
