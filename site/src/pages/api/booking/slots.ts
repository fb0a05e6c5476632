import type { APIRoute } from 'astro';
import { getSlots, weekStart } from '../../../lib/booking';
import { isValidTimeZone } from '../../../lib/format';

/** GET /api/booking/slots?therapist=&week=&tz=: a week of free times for the booking calendar island. */
export const GET: APIRoute = async ({ url }) => {
  const therapist = url.searchParams.get('therapist') ?? '';
  const tz = url.searchParams.get('tz') ?? 'UTC';
  if (!/^[a-z0-9]{10,40}$/.test(therapist) || !isValidTimeZone(tz)) return new Response(JSON.stringify({ error: 'bad request' }), { status: 400 });
  const monday = weekStart(url.searchParams.get('week'), tz);
  const result = await getSlots(therapist, monday.toISODate()!, monday.plus({ days: 6 }).toISODate()!, tz);
  if (!result.ok) return new Response(JSON.stringify({ error: result.message }), { status: result.status });
  return new Response(JSON.stringify({ slots: result.data.data.slots }), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
};
