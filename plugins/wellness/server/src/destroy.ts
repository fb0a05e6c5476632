import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

const stopReminders = () => getService('reminders').stop();

/** Named steps run in destroy(): stop workers, close servers. */
export default [stopReminders] satisfies Step[];
