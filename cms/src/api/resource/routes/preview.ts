// The editors' draft preview (controllers/resource.ts `preview`): no session, the signed preview token is the credential.
export default {
  routes: [{ method: 'GET', path: '/resource-previews/:documentId', handler: 'resource.preview', config: { auth: false, policies: [] } }],
};
