// A year of library use for the dashboards bench: published resources, their views per day and the
// searches people made per day (a long tail of queries, some of which find nothing), in the
// library's own day tables (counts per day and resource or query, no person).

const TOPICS = ['anxiety', 'sleep', 'grief', 'panic attacks', 'breathing', 'depression', 'stress at work', 'loneliness', 'anger', 'self esteem', 'burnout', 'trauma', 'relationships', 'mindfulness', 'journaling', 'exam stress', 'social anxiety', 'motivation', 'boundaries', 'insomnia'];
const ASKS = ['', 'tips', 'exercises', 'worksheet', 'video', 'for teens', 'at night', 'help', 'how to cope with', 'what is'];
/** What people look for that the library does not have yet (what editors should write next). */
const MISSING = ['ketamine therapy', 'adhd in women', 'postpartum', 'gambling', 'menopause mood', 'eating disorder recovery', 'ocd rituals', 'seasonal affective', 'caring for a parent', 'chronic pain'];

/** Zipf-like weights: the first items are asked for far more often than the rest. */
const zipf = (n, s = 1.1) => Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));

export async function generateLibrary(ctx) {
  const { w, rng, now, YEAR, DAY, sizes } = ctx;
  ctx.libraryTables = { 'library resource rows (draft and published)': 'api::resource.resource', 'library view days': 'plugin::library.view-day', 'library search days': 'plugin::library.search-day' };
  const resources = w.table('api::resource.resource');
  const viewDays = w.table('plugin::library.view-day', { why: 'library views' });
  const searchDays = w.table('plugin::library.search-day', { why: 'library searches' });
  const firstDay = Math.floor((now - YEAR) / DAY) * DAY;
  const days = [];
  for (let day = firstDay + DAY; day <= now; day += DAY) days.push(new Date(day).toISOString().slice(0, 10));

  // Resources: a draft and a published row per document, as Strapi keeps them with draft & publish.
  const documents = [];
  if (resources) {
    const rows = [];
    for (let i = 0; i < sizes.resources; i++) {
      const created = new Date(now - YEAR - 30 * DAY + rng.next() * 30 * DAY);
      const fields = { title: `Bench resource ${i}: ${rng.pick(TOPICS)}`, slug: `bench-resource-${i}`, summary: 'A bench resource.', body: 'A bench resource.', kind: rng.pick(['article', 'article', 'video', 'audio', 'worksheet']) };
      const draft = resources.row({ ...fields, publishedAt: null }, created);
      const documentId = draft[resources.column('documentId')];
      rows.push(draft, resources.row({ ...fields, documentId, publishedAt: created }, created));
      documents.push(documentId);
    }
    await w.insert(resources, rows, { phase: 'library', ids: false });
  }

  // Views: about three a day per hundred people, most on a few popular resources.
  if (viewDays && documents.length) {
    const weights = zipf(documents.length);
    const perDay = Math.max(1, Math.round(sizes.people * 0.03));
    const rows = [];
    for (const day of days) {
      const counts = new Map();
      for (let k = 0; k < perDay; k++) {
        const id = documents[rng.weighted(weights)];
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [resourceDocumentId, views] of counts) rows.push(viewDays.row({ day, resourceDocumentId, views }, null));
    }
    await w.insert(viewDays, rows, { phase: 'library', ids: false });
  }

  // Searches: BENCH_SEARCHES over the year, normalised queries; the missing topics find nothing,
  // and so does a long tail of one-off misspellings.
  if (searchDays) {
    const queries = [...TOPICS.flatMap((t) => ASKS.map((a) => (a.endsWith('of') || a.startsWith('what') ? `${a} ${t}` : `${t} ${a}`).trim())), ...MISSING];
    const empty = new Set(MISSING);
    const weights = zipf(queries.length, 0.9);
    const perDay = Math.max(1, Math.round(sizes.searches / days.length));
    const rows = [];
    for (const day of days) {
      const counts = new Map();
      for (let k = 0; k < perDay; k++) {
        const oneOff = rng.chance(0.05);
        const query = oneOff ? `${rng.pick(TOPICS)}${'xq'[rng.int(2)]}${rng.int(1000)}` : queries[rng.weighted(weights)];
        const row = counts.get(query) ?? { searches: 0, noResults: 0 };
        row.searches++;
        if (oneOff || empty.has(query)) row.noResults++;
        counts.set(query, row);
      }
      for (const [query, { searches, noResults }] of counts) rows.push(searchDays.row({ day, query, searches, noResults }, null));
    }
    await w.insert(searchDays, rows, { phase: 'library', ids: false });
  }
}
