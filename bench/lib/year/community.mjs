// A year of community for the dashboards bench: members under aliases, posts and replies over the
// year (more lately), flags on some of them and the moderators' decisions, minutes to days later.

const HOUR = 3_600_000;

export async function generateCommunity(ctx, clients) {
  const { w, rng, now, YEAR, DAY, sizes, strapi } = ctx;
  const members = w.table('plugin::community.member');
  const posts = w.table('plugin::community.post');
  const replies = w.table('plugin::community.reply');
  if (!members || !posts) return;
  const aliases = w.table('plugin::community.alias');
  const flags = w.table('plugin::community.flag');
  const log = w.table('plugin::community.log-entry', { why: 'moderation decisions' });

  const joined = clients.filter(() => rng.chance(0.3)).map((person, i) => ({ person, alias: `bench-alias-${i}`, at: Math.max(person.created, now - YEAR) + rng.next() * 5 * DAY }));
  const memberIds = await w.insert(
    members,
    joined.map((m) => members.row({ userId: m.person.userId, alias: m.alias, joinedAt: new Date(m.at), state: 'active', warnings: 0 }, new Date(m.at))),
    { phase: 'community' },
  );
  joined.forEach((m, i) => (m.id = memberIds[i]));
  if (aliases) await w.insert(aliases, joined.map((m) => aliases.row({ alias: m.alias, memberId: m.id }, new Date(m.at))), { phase: 'community', ids: false });

  const categories = (await strapi.db.query('plugin::community.category').findMany({ select: ['slug'] })).map((c) => c.slug);
  if (!categories.length) categories.push('general');
  const when = (member) => member.at + Math.sqrt(rng.next()) * (now - HOUR - member.at);
  const item = (created) => ({ body: 'A bench post.', bodyHtml: '<p>A bench post.</p>', excerpt: 'A bench post.', state: rng.chance(0.97) ? 'visible' : rng.pick(['hidden', 'removed', 'deleted']), lastActivityAt: new Date(created) });
  const postPlans = Array.from({ length: sizes.posts }, () => {
    const author = rng.pick(joined);
    return { author, at: when(author), replies: 0, lastAt: 0 };
  }).sort((a, b) => a.at - b.at);
  // Replies are drawn first (older posts gather more), so that each post is written with the reply
  // count and last activity the plugin would keep for it.
  const replyPlans = [];
  for (let i = 0; replies && i < sizes.replies; i++) {
    const post = postPlans[Math.floor(Math.pow(rng.next(), 0.7) * postPlans.length)];
    const at = Math.min(now - 60_000, post.at + rng.next() * rng.next() * 7 * DAY);
    post.replies++;
    post.lastAt = Math.max(post.lastAt, at);
    replyPlans.push({ post, author: rng.pick(joined), at });
  }
  replyPlans.sort((a, b) => a.at - b.at);
  const postRows = postPlans.map((p) =>
    posts.row(
      { categorySlug: rng.pick(categories), title: 'Bench post', authorId: p.author.id, authorAlias: p.author.alias, ...item(p.at), lastActivityAt: new Date(Math.max(p.at, p.lastAt)), replyCount: p.replies },
      new Date(p.at),
    ),
  );
  const postIds = await w.insert(posts, postRows, { phase: 'community' });
  postPlans.forEach((p, i) => Object.assign(p, { id: postIds[i], documentId: postRows[i].document_id }));
  if (replies) {
    const replyRows = replyPlans.map((r) => {
      const { lastActivityAt, ...fields } = item(r.at);
      return replies.row({ postId: r.post.documentId, authorId: r.author.id, authorAlias: r.author.alias, ...fields }, new Date(r.at));
    });
    const replyIds = await w.insert(replies, replyRows, { phase: 'community' });
    replyPlans.forEach((r, i) => Object.assign(r, { id: replyIds[i], documentId: replyRows[i].document_id }));
  }

  // Flags on about one item in fifty, by other members; most get a decision (approve, hide, remove)
  // minutes to two days later, recorded in the moderation log; the latest ones still wait.
  if (!flags) return;
  const flagRows = [];
  const decisions = [];
  const targets = [...postPlans.map((p) => ({ type: 'post', p })), ...replyPlans.map((p) => ({ type: 'reply', p }))];
  for (const target of targets) {
    if (!rng.chance(0.02)) continue;
    const flagger = rng.pick(joined);
    const at = Math.min(now - 60_000, target.p.at + rng.next() * 2 * DAY);
    const decidedAt = at + (10 + rng.next() * rng.next() * 48 * 60) * 60_000;
    const decided = decidedAt < now;
    flagRows.push(flags.row({ memberId: flagger.id, targetType: target.type, targetId: target.p.documentId, reason: rng.pick(['spam', 'harassment', 'self-harm', 'other']), resolved: decided, ...(decided && flags.has('decidedAt') ? { decidedAt: new Date(decidedAt) } : {}) }, new Date(at)));
    if (decided && log) {
      const action = rng.pick(['approve', 'approve', 'hide', 'remove']);
      decisions.push(
        log.row({ action, adminId: 1, adminName: 'Bench Moderator', memberId: target.p.author.id, alias: target.p.author.alias, targetType: target.type, targetId: target.p.documentId, excerpt: 'A bench post.', reason: `Bench: ${action}` }, new Date(decidedAt)),
      );
    }
  }
  await w.insert(flags, flagRows, { phase: 'community', ids: false });
  if (log) await w.insert(log, decisions, { phase: 'community', ids: false });
}
