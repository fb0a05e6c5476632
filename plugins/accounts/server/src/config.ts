/** The accounts plugin has no settings yet. */
export type AccountsConfig = Record<string, never>;

export default {
  default: (): AccountsConfig => ({}),
  validator: () => undefined,
};
