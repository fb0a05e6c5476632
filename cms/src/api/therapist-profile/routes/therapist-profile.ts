export default {
  routes: [
    { method: 'GET', path: '/therapist-profiles/me', handler: 'therapist-profile.me', config: { policies: [] } },
    { method: 'PUT', path: '/therapist-profiles/me', handler: 'therapist-profile.updateMe', config: { policies: [] } },
    { method: 'GET', path: '/therapists', handler: 'therapist-profile.directory', config: { policies: [] } },
    { method: 'GET', path: '/therapists/:id', handler: 'therapist-profile.directoryEntry', config: { policies: [] } },
  ],
};
