export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_CMS_URL', ''),
  app: { keys: env.array('APP_KEYS') },
  // The site's server side calls the CMS for every visitor and forwards their address in
  // X-Forwarded-For, so per-visitor rate limits work. Koa would believe that header from anyone:
  // the `trusted-proxy` middleware (cms/src/middlewares) first removes forwarding headers unless
  // the caller is one of TRUSTED_PROXIES (default: loopback) and decides the client address itself.
  proxy: { koa: env.bool('TRUST_PROXY', true) },
  logger: { updates: { enabled: false }, startup: { enabled: env.bool('STRAPI_STARTUP_LOG', true) } },
});
