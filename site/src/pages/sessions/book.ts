import type { APIRoute } from 'astro';
import { cms } from '../../lib/cms';
import { readForm, text } from '../../lib/forms';
import { cookieOptions } from '../../lib/session';
import { BOOKING_FLASH } from '../../lib/booking';

/** POST /sessions/book (the booking calendar's form): books, then shows the confirmation page. */
export const POST: APIRoute = async ({ request, locals, redirect, clientAddress, cookies }) => {
  const form = await readForm(request);
  const therapist = form ? text(form, 'therapist') : '';
  const back = /^[a-z0-9]{10,40}$/.test(therapist) ? `/therapists/${therapist}` : '/therapists';
  if (!locals.user || !locals.token) return redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  const start = form ? text(form, 'start') : '';
  // What went wrong travels in a short-lived cookie, not the address: nobody can link to a page that shows their words.
  const fail = (message: string, extra: { conflicts?: string[]; weeks?: number; start?: string } = {}) => {
    cookies.set(BOOKING_FLASH, JSON.stringify({ message: message.slice(0, 500), ...extra }), cookieOptions(120));
    return redirect(back, 303);
  };
  if (!start) return fail('Please choose a time first.');
  const weeks = Number(form ? text(form, 'weeks') || '1' : '1');
  const skip = form ? text(form, 'skipConflicts') === 'true' : false;
  // The policy the page showed: the CMS books nothing if the therapist has changed it since.
  const hours = form ? text(form, 'policyHours') : '';
  const percent = form ? text(form, 'policyPercent') : '';
  const policy = /^\d{1,4}$/.test(hours) && /^\d{1,3}$/.test(percent) ? { freeCancellationHours: Number(hours), lateCancellationRefundPercent: Number(percent) } : undefined;
  const result = await cms<{ data: { id: string }[]; meta: { skipped: { start: string }[] } }>('/api/booking/bookings', {
    body: { therapist, start, ...(weeks > 1 ? { weeks, skipConflicts: skip } : {}), ...(policy ? { policy } : {}) },
    token: locals.token,
    clientIp: clientAddress,
  });
  if (!result.ok) {
    const conflicts = ((result.error?.details?.conflicts ?? []) as { start: string }[]).map((c) => c.start).slice(0, 26);
    return fail(result.message, conflicts.length ? { conflicts, weeks, start } : {});
  }
  const skipped = result.data.meta.skipped.length;
  return redirect(`/sessions/${result.data.data[0].id}?booked=${result.data.data.length}${skipped ? `&skipped=${skipped}` : ''}`, 303);
};
