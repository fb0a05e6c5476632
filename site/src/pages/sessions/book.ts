import type { APIRoute } from 'astro';
import { cms } from '../../lib/cms';
import { readForm, text } from '../../lib/forms';

/** POST /sessions/book (the booking calendar's form): books, then shows the confirmation page. */
export const POST: APIRoute = async ({ request, locals, redirect, clientAddress }) => {
  const form = await readForm(request);
  const therapist = form ? text(form, 'therapist') : '';
  const back = /^[a-z0-9]{10,40}$/.test(therapist) ? `/therapists/${therapist}` : '/therapists';
  if (!locals.user || !locals.token) return redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  const start = form ? text(form, 'start') : '';
  if (!start) return redirect(`${back}?error=${encodeURIComponent('Please choose a time first.')}`, 303);
  const weeks = Number(form ? text(form, 'weeks') || '1' : '1');
  const skip = form ? text(form, 'skipConflicts') === 'true' : false;
  const result = await cms<{ data: { id: string }[]; meta: { skipped: { start: string }[] } }>('/api/booking/bookings', {
    body: { therapist, start, ...(weeks > 1 ? { weeks, skipConflicts: skip } : {}) },
    token: locals.token,
    clientIp: clientAddress,
  });
  if (!result.ok) {
    const conflicts = (result.error?.details?.conflicts ?? []) as { start: string }[];
    const extra = conflicts.length ? `&conflicts=${encodeURIComponent(conflicts.map((c) => c.start).join(','))}&weeks=${weeks}&start=${encodeURIComponent(start)}` : '';
    return redirect(`${back}?error=${encodeURIComponent(result.message)}${extra}`, 303);
  }
  const skipped = result.data.meta.skipped.length;
  return redirect(`/sessions/${result.data.data[0].id}?booked=${result.data.data.length}${skipped ? `&skipped=${skipped}` : ''}`, 303);
};
