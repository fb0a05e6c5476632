/** Input of the erasure routes (zod), for parseOrThrow. Pure. */
import { z } from 'zod';
import { COMMUNITY_CHOICES } from '@haven/shared/erasure';

const community = z.enum(COMMUNITY_CHOICES, { message: 'Choose what happens to your community posts: erase them, or keep them as "Former member"' });

/** POST /api/privacy/erasure: the password again (length-checked before any hashing), the community choice. */
export const erasureBody = z.object({
  password: z.string({ message: 'Enter your password' }).min(1, 'Enter your password').max(200, 'That password is not right'),
  community,
});
export type ErasureBody = z.infer<typeof erasureBody>;

/** POST /privacy/accounts/:id/erasure (staff): a reason, when, the person's community choice (kept by default: erasing others' readable threads is staff's call only when asked). */
export const staffErasureBody = z.object({
  reason: z.string({ message: 'Give a reason' }).trim().min(3, 'Give a reason of at least 3 characters').max(500, 'Keep the reason under 500 characters'),
  when: z.enum(['grace', 'now']).default('grace'),
  community: community.default('keep-as-former-member'),
});
export type StaffErasureBody = z.infer<typeof staffErasureBody>;

/** DELETE /privacy/accounts/:id/erasure (staff): the reason. */
export const staffCancelBody = z.object({
  reason: z.string({ message: 'Give a reason' }).trim().min(3, 'Give a reason of at least 3 characters').max(500, 'Keep the reason under 500 characters'),
});
export type StaffCancelBody = z.infer<typeof staffCancelBody>;
