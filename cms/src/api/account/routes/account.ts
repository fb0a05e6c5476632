export default {
  routes: [
    { method: 'POST', path: '/account/email', handler: 'account.requestEmailChange', config: { policies: [] } },
    { method: 'POST', path: '/account/email/check', handler: 'account.checkEmailChange', config: { policies: [] } },
    { method: 'POST', path: '/account/email/confirm', handler: 'account.confirmEmailChange', config: { policies: [] } },
  ],
};
