import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { people } from '@haven/plugin-people/public';
import { wellness } from '@haven/plugin-wellness/public';

/** A small deterministic generator: the same demo months every time. */
export function generator(seed: number) {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const REFLECTIONS = [
  'Long walk by the river after work. Felt lighter afterwards.',
  'Hard meeting this morning; my chest was tight most of the day.',
  'Slept badly again. Tried the breathing exercise before bed.',
  'Coffee with Jo. Laughed more than I have in weeks.',
  'Quiet evening, cooked something proper for once.',
  'Felt anxious on the train but it passed.',
  'Therapy today. Talked about setting limits at work.',
  'Did nothing much and that was fine.',
];

/**
 * Wellness demo data (called once from demo-seed.ts on an empty database, after the booking demo):
 * Alex has about four months of daily check-ins (most days, with activities that visibly go with
 * better and worse days, and some reflections, encrypted like any other) and a PHQ-9 and GAD-7 every
 * two weeks that ease from moderate to mild; Sam has two weeks. Alex shares trends (not reflections)
 * with Dr. Rivera, which needs the booking the booking demo gives them: without it, sharing is skipped.
 * Everything goes through the wellness plugin's public contract, as the API would.
 */
export async function seedWellnessDemo(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  const idOf = async (email: string) => ((await users.findOne({ where: { email }, select: ['id'] })) as { id: number } | null)?.id ?? null;
  const alex = await idOf('alex@haven.example');
  const sam = await idOf('sam@haven.example');
  const rivera = await idOf('dr.rivera@haven.example');
  if (!alex) return;

  const rand = generator(2026);

  async function checkIns(userId: number, days: number, skipEvery: number) {
    const { today, timeZone } = await wellness.today(userId);
    const start = DateTime.fromISO(today, { zone: timeZone }).minus({ days: days - 1 });
    for (let i = 0; i < days; i++) {
      if (i % skipEvery === skipEvery - 1) continue; // a missed day now and then
      const date = start.plus({ days: i }).toISODate()!;
      const progress = i / days; // things get a little better over the months
      const walk = rand() < 0.45;
      const friends = rand() < 0.25;
      const work = DateTime.fromISO(date).weekday <= 5 && rand() < 0.8;
      const lift = (walk ? 0.6 : 0) + (friends ? 0.8 : 0) - (work ? 0.3 : 0);
      const mood = Math.max(1, Math.min(5, Math.round(2.3 + progress * 1.4 + lift + (rand() - 0.5) * 1.6)));
      const sleepHours = Math.round((5.5 + progress * 1.5 + rand() * 2) * 4) / 4;
      await wellness.putEntry(userId, date, {
        mood,
        energy: Math.max(1, Math.min(5, mood + Math.round((rand() - 0.5) * 2))),
        sleepHours,
        emotions: mood >= 4 ? ['calm', rand() < 0.5 ? 'grateful' : 'hopeful'] : mood <= 2 ? ['anxious', rand() < 0.5 ? 'tired' : 'sad'] : ['tired'],
        activities: [walk && 'walk', friends && 'friends', work && 'work', rand() < 0.2 && 'meditation', rand() < 0.15 && 'choir'].filter((a): a is string => Boolean(a)),
        reflection: rand() < 0.4 ? REFLECTIONS[Math.floor(rand() * REFLECTIONS.length)] : null,
      });
    }
    return { start, timeZone };
  }

  const { start, timeZone } = await checkIns(alex, 120, 9);
  // PHQ-9 and GAD-7 every two weeks, easing from moderate towards mild (question 9 stays at 0).
  for (let week = 0; week * 14 < 120; week++) {
    const at = start.plus({ days: week * 14, hours: 19 }).setZone(timeZone).toJSDate();
    const level = Math.max(0, 2 - Math.floor(week / 3));
    const phq = [level, level, 1, level + 1, 1, level, 1, 0, 0].map((a) => Math.min(3, a));
    const gad = [level + 1, level, level, 1, level, 1, 0].map((a) => Math.min(3, a));
    await wellness.submitAssessment(alex, { kind: 'phq9', answers: phq }, null, at);
    await wellness.submitAssessment(alex, { kind: 'gad7', answers: gad }, null, at);
  }
  if (sam) await checkIns(sam, 14, 5);

  if (rivera) {
    const therapist = await people.therapistByUserId(rivera);
    try {
      if (therapist) await wellness.grantConsent(alex, therapist.id, false);
    } catch (err) {
      strapi.log.warn(`[seed] Alex does not share wellness trends with Dr. Rivera: ${(err as Error).message}`);
    }
  }
}
