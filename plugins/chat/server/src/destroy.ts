import type { Core } from '@strapi/strapi';
import { stopFollowingBookings } from './bootstrap';
import { getService } from './get-service';

/** Closes every socket first (no new messages), then writes what is queued. */
async function stopRealtime() {
  stopFollowingBookings();
  await getService('realtime').stop();
  await getService('messages').flush();
}

/** Named steps run in destroy(): close the socket server, flush the message writer. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [stopRealtime];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
