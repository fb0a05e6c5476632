#!/usr/bin/env node
/**
 * Boots Haven's compiled CMS on a fresh database, gives one client five years of daily check-ins
 * (through the wellness services: reflections sealed, activities and emotions as a person would
 * enter them) and a PHQ-9 and a GAD-7 every two weeks, measures two baselines in this process, then
 * listens on 127.0.0.1 and prints `BENCH_TARGET {…}`. Used by bench/wellness.mjs.
 *
 * Baselines, one call at a time, the same number as the HTTP requests:
 *   - raw query: the stats endpoint's three SELECTs through Knex, rows fetched and dropped (the floor);
 *   - naive: the entries and assessments of the range through the Document Service (full rows, the
 *     usual way to read content in Strapi 5), then the same computation.
 *
 *   node bench/wellness-target.mjs sqlite     # needs DATABASE_FILENAME
 *   node bench/wellness-target.mjs postgres   # needs DATABASE_URL (a database of its own)
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { ROOT, numberFromEnv } from './lib/env.mjs';
import { percentile } from './lib/load.mjs';
import { applyBenchStrapiEnv, assertCompiled, createStrapiApp, databaseArgument, emit, listen, targetInfo, targetLifetime } from './lib/strapi.mjs';

const require = createRequire(import.meta.url);
const database = databaseArgument(process.argv[2], 'usage: node bench/wellness-target.mjs sqlite|postgres');
const YEARS = numberFromEnv('BENCH_WELLNESS_YEARS', 5);
const SAMPLES = numberFromEnv('BENCH_SAMPLES', 300, { integer: true });
assertCompiled(path.join(ROOT, 'plugins', 'wellness', 'dist', 'server', 'index.js'));
applyBenchStrapiEnv(database, { NODE_ENV: 'development', LOG_LEVEL: 'warn', HAVEN_SEED_DEMO: 'false', WELLNESS_REMINDERS_ENABLED: 'false' });

// Deterministic data: the same five years every run.
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(rand() * list.length)];
const ACTIVITIES = ['exercise', 'walk', 'outdoors', 'friends', 'family', 'work', 'reading', 'meditation', 'music', 'cooking', 'screen time', 'rock climbing', 'choir'];
const EMOTIONS = ['joyful', 'calm', 'grateful', 'hopeful', 'tired', 'anxious', 'stressed', 'sad', 'lonely', 'content'];
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
};

const app = createStrapiApp();
const stop = targetLifetime(app, 'wellness-target');

try {
  const strapi = await app.load();
  strapi.log.level = 'warn';
  const wellness = (name) => strapi.plugin('wellness').service(name);

  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'client' } });
  const password = 'Bench-Passw0rd!';
  const user = await strapi.plugin('users-permissions').service('user').add({
    username: 'bench_wellness',
    email: 'bench.wellness@haven.example',
    password,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: role.id,
  });
  await strapi.service('api::profile.profile').createForUser(user.id, { displayName: 'Bench Client', timeZone: 'Europe/Lisbon' });

  const { today } = await wellness('entries').rangeFor(user.id, {});
  const days = Math.round(YEARS * 365.25);
  const started = performance.now();
  const start = new Date(`${today}T12:00:00Z`);
  for (let i = days - 1; i >= 0; i--) {
    const date = new Date(start.getTime() - i * 864e5).toISOString().slice(0, 10);
    const mood = 1 + Math.floor(rand() * 5);
    await wellness('entries').put(user.id, date, {
      mood,
      energy: 1 + Math.floor(rand() * 5),
      sleepHours: Math.round((5 + rand() * 4) * 4) / 4,
      emotions: [...new Set([pick(EMOTIONS), pick(EMOTIONS)])],
      activities: [...new Set([pick(ACTIVITIES), pick(ACTIVITIES), pick(ACTIVITIES)])],
      reflection: rand() < 0.6 ? `Day ${i}: ${pick(['long walk', 'hard meeting', 'slept badly', 'saw friends', 'quiet evening'])}.` : null,
    });
    if (i % 14 === 0) {
      const at = new Date(`${date}T18:00:00Z`);
      await wellness('assessments').submit(user.id, { kind: 'phq9', answers: Array.from({ length: 9 }, (_, k) => (k === 8 ? 0 : Math.floor(rand() * 4))) }, null, at);
      await wellness('assessments').submit(user.id, { kind: 'gad7', answers: Array.from({ length: 7 }, () => Math.floor(rand() * 4)) }, null, at);
    }
  }
  const generateSeconds = (performance.now() - started) / 1000;
  const from = new Date(start.getTime() - (days - 1) * 864e5).toISOString().slice(0, 10);
  const entries = await strapi.db.query('plugin::wellness.entry').count({ where: { userId: user.id } });
  const assessments = await strapi.db.query('plugin::wellness.assessment').count({ where: { userId: user.id } });

  // Baseline 1: the endpoint's three queries, rows fetched and dropped.
  const knex = strapi.db.connection;
  const rawQuery = async () => {
    await Promise.all([
      knex('wellness_entries').select('local_date', 'mood', 'energy', 'sleep_hours', 'activities', 'emotions').where('user_id', user.id).andWhere('local_date', '>=', from).andWhere('local_date', '<=', today).orderBy('local_date'),
      knex('wellness_entries').select('local_date').where('user_id', user.id).andWhere((q) => q.where('local_date', '<', from).orWhere('local_date', '>', today)).orderBy('local_date'),
      knex('wellness_assessments').select('kind', 'local_date', 'taken_at', 'score', 'band', 'self_harm_flag').where('user_id', user.id).andWhere('local_date', '>=', from).andWhere('local_date', '<=', today),
    ]);
  };
  // Baseline 2: the same answer through the Document Service (full rows), then the same computation.
  const { computeStats } = require(path.join(ROOT, 'plugins', 'wellness', 'dist', 'server', 'lib', 'stats.js'));
  const naive = async () => {
    const [rows, all, tests] = await Promise.all([
      strapi.documents('plugin::wellness.entry').findMany({ filters: { userId: user.id, localDate: { $gte: from, $lte: today } }, sort: 'localDate:asc', limit: 100_000 }),
      strapi.documents('plugin::wellness.entry').findMany({ filters: { userId: user.id }, fields: ['localDate'], sort: 'localDate:asc', limit: 100_000 }),
      strapi.documents('plugin::wellness.assessment').findMany({ filters: { userId: user.id, localDate: { $gte: from, $lte: today } }, sort: 'takenAt:asc', limit: 100_000 }),
    ]);
    return computeStats({
      from,
      to: today,
      bucket: 'day',
      today,
      entries: rows.map((r) => ({ localDate: r.localDate, mood: r.mood, energy: r.energy, sleepHours: r.sleepHours, activities: r.activities ?? [], emotions: r.emotions ?? [] })),
      allDates: all.map((r) => r.localDate),
      assessments: tests.map((t) => ({ kind: t.kind, localDate: t.localDate, takenAt: new Date(t.takenAt).toISOString(), score: t.score, band: t.band, selfHarmFlag: t.selfHarmFlag })),
    });
  };
  const time = async (fn) => {
    for (let i = 0; i < 20; i++) await fn();
    const times = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return summary(times);
  };
  const naiveCheck = await naive();
  if (naiveCheck.averages.entries !== entries) throw new Error(`naive baseline read ${naiveCheck.averages.entries} entries, not ${entries}`);
  const baselines = { rawQuery: await time(rawQuery), naive: await time(naive) };

  const info = await targetInfo(strapi, database, await listen(strapi));
  emit('BENCH_TARGET', { ...info, identifier: 'bench.wellness@haven.example', password, from, to: today, entries, assessments, generateSeconds, baselines });
} catch (error) {
  console.error('[wellness-target] start failed:', error);
  await stop(1);
}
