import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { safety, type CrisisResources } from '@haven/plugin-safety/public';
import { preferredLocale } from '@haven/shared/locale';

/**
 * A name or pronouns can be where someone says how they are (issue 19): the same screening as every
 * other place, after the write (never blocked), with the lines of the visitor's language for the
 * answer's meta.crisis. Only Accept-Language picks them (these routes take no ?locale=). A screening
 * that fails is logged without the text and never fails the save.
 */
export function screenFreeText(strapi: Core.Strapi, ctx: Context, texts: (string | null | undefined)[], where: string): { crisis: CrisisResources } | undefined {
  try {
    const { crisis } = safety.check(
      texts.map((t) => t ?? ''),
      preferredLocale(ctx.get('accept-language') || undefined),
    );
    return crisis ? { crisis } : undefined;
  } catch (err) {
    strapi.log.error(`[${where}] free text could not be screened for crisis language (${(err as Error)?.name ?? 'error'})`);
    return undefined;
  }
}
