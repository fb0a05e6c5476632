/** Configuration of the community plugin, read from the environment at start. */
export interface CommunityConfig {
  /** Distinct flags that hide an item until a moderator reviews it. */
  flagThreshold: number;
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): CommunityConfig => ({
    flagThreshold: Number(env('COMMUNITY_FLAG_THRESHOLD', '3')),
  }),
  validator(config: CommunityConfig) {
    if (!Number.isInteger(config.flagThreshold) || config.flagThreshold < 1) {
      throw new Error('COMMUNITY_FLAG_THRESHOLD must be a whole number, 1 or more');
    }
  },
};
