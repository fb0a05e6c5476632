/** Log level: LOG_LEVEL (error, warn, info, http, debug); tests set warn to keep their output readable. */
export default ({ env }: { env: any }) => ({ level: env('LOG_LEVEL', 'http') });
