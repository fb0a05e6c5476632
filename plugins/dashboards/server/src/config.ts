/** Configuration of the dashboards plugin, from the environment at start. */
export interface DashboardsConfig {
  /** How long one range's figures are kept before they are counted again (DASHBOARDS_CACHE_SECONDS, 0 to 3600). */
  cacheSeconds: number;
}

type Env = (key: string, fallback?: string) => string;

export default {
  // A variable set but left blank means "the default".
  default: ({ env }: { env: Env }): DashboardsConfig => ({ cacheSeconds: Number(env('DASHBOARDS_CACHE_SECONDS', '60').trim() || '60') }),
  validator(config: DashboardsConfig) {
    if (!Number.isInteger(config.cacheSeconds) || config.cacheSeconds < 0 || config.cacheSeconds > 3600) {
      throw new Error('DASHBOARDS_CACHE_SECONDS must be a whole number of seconds from 0 to 3600');
    }
  },
};
