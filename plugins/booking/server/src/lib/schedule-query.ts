/** GET /schedule?from=&to=: a window of at most 31 days given as two instants with their offsets. Pure module. */
import { z } from 'zod';
import { instant } from './validation';

export const MAX_SCHEDULE_DAYS = 31;

export const scheduleQuery = z
  .object({ from: instant, to: instant })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (q.to - q.from > MAX_SCHEDULE_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${MAX_SCHEDULE_DAYS} days after from` });
  });
