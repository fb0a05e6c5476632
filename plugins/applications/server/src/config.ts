/** The applications plugin has no settings yet. */
export type ApplicationsConfig = Record<string, never>;

export default {
  default: (): ApplicationsConfig => ({}),
  validator: () => undefined,
};
