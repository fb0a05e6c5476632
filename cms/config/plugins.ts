import path from 'node:path';
import { SharedAuthRateLimitStore } from '../src/lib/security/auth-rate-limit-store';

/** Enables Haven's local plugins (people first: the others ask it who a person is) and configures users-permissions and email. */
export default ({ env }: { env: any }) => {
  const local = (name: string) => ({ enabled: true, resolve: `../plugins/${name}` });
  const smtpHost = env('SMTP_HOST', '') as string;
  const s3Bucket = env('S3_BUCKET', '') as string;
  return {
    // Media (avatars, resource covers) go to S3 or an S3-compatible store when S3_BUCKET is set;
    // otherwise Strapi's default local provider keeps them in cms/public/uploads.
    ...(s3Bucket ? { upload: { config: s3Upload(env, s3Bucket) } } : {}),
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
          // With REDIS_URL the counts are shared by every CMS process (koa2-ratelimit's default store is one process's memory).
          ...(env('REDIS_URL', '') ? { store: new SharedAuthRateLimitStore() } : {}),
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
    people: local('people'),
    audit: local('audit'),
    safety: local('safety'),
    identity: local('identity'),
    booking: local('booking'),
    payments: local('payments'),
    chat: local('chat'),
    wellness: local('wellness'),
    community: local('community'),
    library: local('library'),
    dashboards: local('dashboards'),
    applications: local('applications'),
    accounts: local('accounts'),
    privacy: local('privacy'),
  };
};

/**
 * The upload plugin's configuration for @strapi/provider-upload-aws-s3 from S3_* variables.
 * S3_ENDPOINT and S3_FORCE_PATH_STYLE=true serve S3-compatible stores (MinIO, s3rver, R2, …).
 * Without S3_ACCESS_KEY_ID the AWS SDK's own chain finds credentials (AWS_* variables, an IAM role).
 * S3_ACL: unset sends public-read (the provider's default); `private` makes Strapi sign file URLs;
 * `none` sends no ACL at all, for buckets with ACLs disabled ("bucket owner enforced").
 */
function s3Upload(env: any, bucket: string) {
  const endpoint = env('S3_ENDPOINT', '') as string;
  const accessKeyId = env('S3_ACCESS_KEY_ID', '') as string;
  const acl = env('S3_ACL', '') as string;
  return {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: env('S3_BASE_URL', '') || undefined,
      rootPath: env('S3_ROOT_PATH', '') || undefined,
      s3Options: {
        region: env('S3_REGION', 'us-east-1'),
        ...(endpoint ? { endpoint } : {}),
        forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', false),
        ...(accessKeyId ? { credentials: { accessKeyId, secretAccessKey: env('S3_SECRET_ACCESS_KEY', '') } } : {}),
        params: { Bucket: bucket, ...(acl ? { ACL: acl === 'none' ? undefined : acl } : {}) },
      },
    },
  };
}
