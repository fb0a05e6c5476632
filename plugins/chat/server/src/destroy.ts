import type { Step } from '@haven/shared/server/strapi';
import { stopFollowingBookings } from './bootstrap';
import { getService } from './get-service';

/** Closes every socket first (no new messages), then writes what is queued. */
async function stopRealtime() {
  stopFollowingBookings();
  await getService('realtime').stop();
  await getService('messages').flush();
}

/** Named steps run in destroy(): close the socket server, flush the message writer. */
export default [stopRealtime] satisfies Step[];
