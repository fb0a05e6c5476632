const read = ['plugin::community.moderation.read'];
const act = ['plugin::community.moderation.act'];
const staff = (actions: string[]) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions } }],
});

/**
 * Content API under /api/community (permissions per role in cms/src/bootstrap/site-roles.ts) and the
 * admin API of the moderation page under /community (admin-panel sessions only).
 */
export default {
  'content-api': {
    type: 'content-api',
    routes: [
      { method: 'GET', path: '/health', handler: 'health.index', config: { policies: [] } },
      { method: 'GET', path: '/categories', handler: 'categories.find', config: { policies: [] } },
      { method: 'GET', path: '/crisis-resources', handler: 'crisis.find', config: { policies: [] } },
      { method: 'GET', path: '/me', handler: 'members.me', config: { policies: [] } },
      { method: 'POST', path: '/me/alias', handler: 'members.changeAlias', config: { policies: [] } },
      { method: 'GET', path: '/posts', handler: 'posts.find', config: { policies: [] } },
      { method: 'POST', path: '/posts', handler: 'posts.create', config: { policies: [] } },
      { method: 'GET', path: '/posts/:id', handler: 'posts.findOne', config: { policies: [] } },
      { method: 'PUT', path: '/posts/:id', handler: 'posts.update', config: { policies: [] } },
      { method: 'DELETE', path: '/posts/:id', handler: 'posts.delete', config: { policies: [] } },
      { method: 'POST', path: '/posts/:id/replies', handler: 'replies.create', config: { policies: [] } },
      { method: 'PUT', path: '/replies/:id', handler: 'replies.update', config: { policies: [] } },
      { method: 'DELETE', path: '/replies/:id', handler: 'replies.delete', config: { policies: [] } },
      { method: 'POST', path: '/reactions', handler: 'reactions.toggle', config: { policies: [] } },
      { method: 'POST', path: '/flags', handler: 'flags.create', config: { policies: [] } },
      { method: 'GET', path: '/my/posts', handler: 'posts.mine', config: { policies: [] } },
    ],
  },
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/queue', handler: 'moderation.queue', config: staff(read) },
      { method: 'GET', path: '/aliases/:alias', handler: 'moderation.alias', config: staff(read) },
      { method: 'GET', path: '/log', handler: 'moderation.log', config: staff(read) },
      { method: 'POST', path: '/actions', handler: 'moderation.act', config: staff(act) },
      { method: 'GET', path: '/watched-words', handler: 'moderation.watchedWords', config: staff(read) },
      { method: 'POST', path: '/watched-words', handler: 'moderation.addWatchedWord', config: staff(act) },
      { method: 'DELETE', path: '/watched-words/:id', handler: 'moderation.removeWatchedWord', config: staff(act) },
      // Reveal checks the super-admin role itself (403 for everyone else, moderators included).
      { method: 'POST', path: '/reveal', handler: 'moderation.reveal', config: { policies: ['admin::isAuthenticatedAdmin'] } },
    ],
  },
};
