export default {
  routes: [
    { method: 'GET', path: '/profiles/me', handler: 'profile.me', config: { policies: [] } },
    { method: 'PUT', path: '/profiles/me', handler: 'profile.updateMe', config: { policies: [] } },
    { method: 'POST', path: '/profiles/me/avatar', handler: 'profile.uploadAvatar', config: { policies: [] } },
    { method: 'GET', path: '/profiles/me/notifications', handler: 'profile.notifications', config: { policies: [] } },
    { method: 'PUT', path: '/profiles/me/notifications', handler: 'profile.updateNotifications', config: { policies: [] } },
  ],
};
