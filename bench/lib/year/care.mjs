// A year of care between sessions for the dashboards bench: chat conversations between clients and
// their therapists (who wrote when; bodies are one fixed sealed blob, as only counts and times are
// read), wellness check-ins and assessments (counts only), and the days each person used the site.

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** One conversation for most relationships, its messages taking turns with realistic reply delays. */
export async function generateChat(ctx, relationships) {
  const { w, rng, now } = ctx;
  const conversations = w.table('plugin::chat.conversation');
  const messages = w.table('plugin::chat.message');
  if (!conversations || !messages) return;
  const chosen = relationships.filter(() => rng.chance(0.7));
  const plans = chosen.map((r) => {
    const times = [];
    const senders = [];
    let at = r.start - rng.next() * 3 * ctx.DAY;
    const count = Math.min(400, 1 + Math.floor(Math.pow(1 - rng.next(), -1 / 1.5) * 6));
    let sender = 'client';
    for (let i = 0; i < count && at < now - MINUTE; i++) {
      times.push(at);
      senders.push(sender);
      // The other side answers within minutes to a day; the same side adds to its own message quickly.
      const switching = rng.chance(0.7);
      at += switching ? (5 + rng.next() * rng.next() * 24 * 60) * MINUTE : (0.5 + rng.next() * 5) * MINUTE;
      if (switching) sender = sender === 'client' ? 'therapist' : 'client';
    }
    return { r, times, senders };
  });
  const conversationIds = await w.insert(
    conversations,
    plans.map(({ r, times }) => {
      const last = times.length;
      return conversations.row(
        {
          clientUserId: r.client.userId,
          therapistUserId: r.therapist.userId,
          lastSeq: last,
          clientReadSeq: last,
          therapistReadSeq: Math.max(0, last - (rng.chance(0.2) ? 1 : 0)),
          lastMessageAt: new Date(times[last - 1] ?? r.start),
          keyVersion: 1,
          wrappedKey: 'bench:wrapped-key',
        },
        new Date(times[0] ?? r.start),
      );
    }),
    { phase: 'chat' },
  );
  const rows = [];
  const flush = async () => {
    await w.insert(messages, rows.splice(0), { phase: 'chat', ids: false });
  };
  for (let c = 0; c < plans.length; c++) {
    const { r, times, senders } = plans[c];
    for (let i = 0; i < times.length; i++) {
      const therapist = senders[i] === 'therapist';
      rows.push(
        messages.row(
          { conversationId: conversationIds[c], seq: i + 1, senderUserId: therapist ? r.therapist.userId : r.client.userId, senderRole: senders[i], body: 'bench:sealed-message', clientId: null },
          new Date(times[i]),
        ),
      );
    }
    if (rows.length >= 20_000) await flush();
  }
  await flush();
}

/** Check-ins by a third of the clients on some of their days, and PHQ-9/GAD-7 every few weeks. */
export async function generateWellness(ctx, clients) {
  const { w, rng, now, YEAR, DAY } = ctx;
  const entries = w.table('plugin::wellness.entry');
  const assessments = w.table('plugin::wellness.assessment');
  const trackers = clients.filter(() => rng.chance(0.33));
  const entryRows = [];
  const assessmentRows = [];
  const flush = async (force) => {
    if (entries && (force || entryRows.length >= 20_000)) await w.insert(entries, entryRows.splice(0), { phase: 'wellness', ids: false });
    if (assessments && (force || assessmentRows.length >= 20_000)) await w.insert(assessments, assessmentRows.splice(0), { phase: 'wellness', ids: false });
  };
  for (const person of trackers) {
    const p = 0.1 + rng.next() * 0.5;
    const first = Math.ceil(Math.max(person.created, now - YEAR) / DAY) * DAY;
    for (let day = first; day < now - DAY; day += DAY) {
      if (entries && rng.chance(p)) {
        const at = new Date(day + 20 * HOUR);
        entryRows.push(entries.row({ userId: person.userId, localDate: at.toISOString().slice(0, 10), mood: 1 + rng.int(5), energy: 1 + rng.int(5), sleepHours: 4 + rng.int(10) / 2, emotions: [], activities: [] }, at));
      }
      if (assessments && rng.chance(p / 14)) {
        const kind = rng.chance(0.5) ? 'phq9' : 'gad7';
        const answers = Array.from({ length: kind === 'phq9' ? 9 : 7 }, () => rng.int(4));
        const score = answers.reduce((a, b) => a + b, 0);
        const at = new Date(day + (9 + rng.int(12)) * HOUR);
        assessmentRows.push(
          assessments.row({ userId: person.userId, kind, answers, score, band: score < 5 ? 'minimal' : score < 10 ? 'mild' : score < 15 ? 'moderate' : 'severe', selfHarmFlag: false, localDate: at.toISOString().slice(0, 10), takenAt: at }, at),
        );
      }
    }
    await flush(false);
  }
  await flush(true);
}

/** The Monday starting a UTC day's ISO week, 'YYYY-MM-DD'. */
const mondayOf = (dayMs) => new Date(dayMs - ((new Date(dayMs).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/** The days each person used the site: a habit per person (most now and then, a few daily). */
export async function generateActivity(ctx, people) {
  const { w, rng, now, YEAR, DAY } = ctx;
  const activity = w.table('plugin::people.activity', { why: 'daily and weekly active people' });
  if (!activity) return;
  const rows = [];
  for (const person of people) {
    const p = Math.min(0.9, 0.01 + Math.pow(rng.next(), 3) * 0.6);
    const first = Math.floor(Math.max(person.created, now - YEAR) / DAY) * DAY;
    for (let day = first; day <= now; day += DAY) {
      if (day !== first && !rng.chance(p)) continue;
      rows.push(activity.row({ userId: person.userId, day: new Date(day).toISOString().slice(0, 10), week: mondayOf(day) }, null));
    }
    if (rows.length >= 20_000) await w.insert(activity, rows.splice(0), { phase: 'activity', ids: false });
  }
  await w.insert(activity, rows.splice(0), { phase: 'activity', ids: false });
}
