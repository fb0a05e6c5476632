import type { HavenContext } from '@haven/shared/server/strapi';

/** The exact bytes a provider signed, kept by Strapi's body parser (`includeUnparsed` in cms/config/middlewares.ts). */
export function rawBody(ctx: HavenContext): string | null {
  const body = ctx.request.body as Record<symbol, unknown> | undefined;
  const raw = body?.[Symbol.for('unparsedBody')];
  return typeof raw === 'string' ? raw : null;
}
