/** Where uploaded media is served from when it lives on S3 (or an S3-compatible store): the admin's CSP must allow it. */
function mediaOrigin(env: any): string | null {
  const bucket = env('S3_BUCKET', '') as string;
  if (!bucket) return null;
  const base = (env('S3_BASE_URL', '') || env('S3_ENDPOINT', '')) as string;
  if (base) {
    try {
      return new URL(base).origin;
    } catch {
      return null;
    }
  }
  const region = env('S3_REGION', 'us-east-1') as string;
  return env.bool('S3_FORCE_PATH_STYLE', false) ? `https://s3.${region}.amazonaws.com` : `https://${bucket}.s3.${region}.amazonaws.com`;
}

export default ({ env }: { env: any }) => {
  const media = mediaOrigin(env);
  const uploadMaxBytes = env.int('UPLOAD_MAX_BYTES', 100 * 1024 * 1024);
  return [
    // Decides the client's address first (forwarding headers only from TRUSTED_PROXIES).
    'global::trusted-proxy',
    // Haven's request log instead of `strapi::logger`, which writes whole URLs (secret feed
    // addresses, confirmation codes): this one writes redacted targets (cms/src/middlewares).
    'global::request-log',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'connect-src': ["'self'", 'https:'],
            'img-src': ["'self'", 'data:', 'blob:', ...(media ? [media] : [])],
            'media-src': ["'self'", 'data:', 'blob:', ...(media ? [media] : [])],
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    {
      name: 'strapi::cors',
      config: { origin: env.array('CORS_ORIGINS', ['http://localhost:4321', 'http://127.0.0.1:4321']), credentials: true },
    },
    'strapi::poweredBy',
    'strapi::query',
    // Security layers around the body parser (cms/src/middlewares, README "Security"): methods,
    // sizes per route and encodings before parsing; depth, passwords, log-in lock-out and stock
    // query strings after it.
    'global::request-guard',
    {
      name: 'strapi::body',
      config: {
        jsonLimit: '256kb',
        formLimit: '256kb',
        textLimit: '256kb',
        // Keeps the raw body beside the parsed one: payment webhooks are verified on the exact bytes signed.
        includeUnparsed: true,
        formidable: { maxFileSize: uploadMaxBytes, maxTotalFileSize: uploadMaxBytes, maxFiles: 20, maxFields: 200, maxFieldsSize: 1024 * 1024 },
      },
    },
    'global::body-guard',
    'global::auth-guard',
    'global::login-throttle',
    'global::stock-query-guard',
    'strapi::session',
    'strapi::favicon',
    // nosniff, a sandboxing CSP and downloads-not-pages for everything under /uploads.
    'global::upload-headers',
    'strapi::public',
  ];
};
