/**
 * Provider webhooks: verified on the raw body (a bad, missing or stale signature is refused before
 * anything is written), then recorded under the provider's event id, whose unique index lets exactly
 * one delivery of an event through however many arrive at once. A delivery that failed half-way (the
 * process died, the database hiccupped) leaves its row `failed` or with a lapsed lease, and the
 * provider's retry takes it over.
 */
import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import type { GatewayName } from '../config';
import { epochMs, isUniqueViolation } from '@haven/shared/server/db';
import { paymentRows } from '../db/store';
import { WebhookRejected } from '../providers/gateways/types';
import { getService } from '../get-service';

/** How long one delivery may work on an event before a retry may take it over. */
const LEASE_MS = 60_000;

export interface WebhookResult {
  received: true;
  duplicate: boolean;
  state: 'processed' | 'ignored' | 'in_progress' | 'duplicate';
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  /** Inserts the event's row, or takes over one whose earlier delivery failed. False: another delivery has it. */
  async function claim(provider: GatewayName, eventId: string, type: string, objectId: string | null, now: number): Promise<{ id: number } | 'duplicate' | 'in_progress'> {
    // Most duplicates arrive after the first delivery finished: a read answers them without a write
    // (SQLite has one writer at a time). The unique index below still decides every race.
    const seen = await rows.events().findOne({ where: { provider, eventId }, select: ['state'] });
    if (seen && (seen.state === 'processed' || seen.state === 'ignored')) return 'duplicate';
    try {
      const created = await rows.events().create({
        data: { provider, eventId, type: type.slice(0, 120), objectId: objectId?.slice(0, 255) ?? null, state: 'processing', lockedUntil: new Date(now + LEASE_MS), attempts: 1 },
      });
      return { id: created.id };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const existing = await rows.events().findOne({ where: { provider, eventId } });
    if (!existing) return 'in_progress';
    if (existing.state === 'processed' || existing.state === 'ignored') return 'duplicate';
    if (existing.state === 'processing' && epochMs(existing.lockedUntil) > now) return 'in_progress';
    const { count } = await rows.events().updateMany({
      where: { id: existing.id, attempts: existing.attempts, state: { $in: ['processing', 'failed'] } },
      data: { state: 'processing', lockedUntil: new Date(now + LEASE_MS), attempts: Number(existing.attempts) + 1 },
    });
    return count ? { id: existing.id } : 'in_progress';
  }

  return {
    async handle(provider: GatewayName, rawBody: string | null, headers: Record<string, string | string[] | undefined>, now = Date.now()): Promise<WebhookResult> {
      const gateway = getService('gateways').forWebhook(provider);
      if (rawBody === null) throw badRequest('The webhook body could not be read as sent.');
      let verified;
      try {
        verified = await gateway.verifyWebhook(rawBody, headers);
      } catch (err) {
        if (err instanceof WebhookRejected) {
          strapi.log.warn(`[payments] refused a ${provider} webhook: ${err.message}`);
          throw badRequest(`Webhook refused: ${err.message}`);
        }
        throw err;
      }
      if (!verified.eventId || verified.eventId.length > 255) throw badRequest('Webhook refused: the event has no usable id');

      const claimed = await claim(provider, verified.eventId, verified.type, verified.objectId, now);
      if (claimed === 'duplicate' || claimed === 'in_progress') return { received: true, duplicate: true, state: claimed };
      try {
        const outcome = await getService('ledger').apply(provider, verified.event, now);
        await rows.events().update({ where: { id: claimed.id }, data: { state: outcome.state, paymentId: outcome.paymentId, note: outcome.note.slice(0, 500), lockedUntil: null } });
        return { received: true, duplicate: false, state: outcome.state };
      } catch (err) {
        // Left for the provider's retry, which takes the row over.
        await rows.events().update({ where: { id: claimed.id }, data: { state: 'failed', note: String((err as Error)?.message ?? err).slice(0, 500), lockedUntil: null } });
        throw err;
      }
    },
  };
};
