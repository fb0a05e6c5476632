import path from 'node:path';

/** Enables Haven's six local plugins and configures users-permissions and email. */
export default ({ env }: { env: any }) => {
  const local = (name: string) => ({ enabled: true, resolve: `../plugins/${name}` });
  const smtpHost = env('SMTP_HOST', '') as string;
  return {
    'users-permissions': {
      config: {
        // Short-lived access tokens (10 minutes) and rotating refresh tokens, refreshed by the site's server side.
        jwtManagement: 'refresh',
        sessions: {
          accessTokenLifespan: env.int('ACCESS_TOKEN_LIFESPAN', 600),
          maxRefreshTokenLifespan: 30 * 24 * 60 * 60,
          idleRefreshTokenLifespan: 14 * 24 * 60 * 60,
        },
        jwtSecret: env('JWT_SECRET'),
        ratelimit: {
          enabled: env.bool('AUTH_RATE_LIMIT_ENABLED', true),
          interval: env.int('AUTH_RATE_LIMIT_INTERVAL_MS', 60_000),
          max: env.int('AUTH_RATE_LIMIT_MAX', 10),
        },
        register: { allowedFields: [] },
      },
    },
    email: {
      config: {
        provider: '@haven/email-provider',
        providerOptions: smtpHost
          ? {
              smtp: {
                host: smtpHost,
                port: env.int('SMTP_PORT', 587),
                secure: env.bool('SMTP_SECURE', false),
                ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
                auth: env('SMTP_USERNAME', '')
                  ? { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD', '') }
                  : undefined,
              },
            }
          : { outboxDir: path.resolve(__dirname, '..', '..', '..', env('EMAIL_OUTBOX_DIR', path.join('data', 'outbox'))) },
        settings: {
          defaultFrom: env('EMAIL_FROM', 'Haven <no-reply@haven.example>'),
          defaultReplyTo: env('EMAIL_REPLY_TO', 'support@haven.example'),
        },
      },
    },
    booking: local('booking'),
    payments: local('payments'),
    chat: local('chat'),
    wellness: local('wellness'),
    community: local('community'),
    library: local('library'),
  };
};
