/** Configuration of the wellness plugin, read from the environment at start. */
export interface WellnessConfig {
  /** Assessments offered to clients. */
  assessments: string[];
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): WellnessConfig => ({
    assessments: ['PHQ-9', 'GAD-7'],
  }),
  validator(config: WellnessConfig) {
    if (!Array.isArray(config.assessments)) throw new Error('wellness.assessments must be a list');
  },
};
