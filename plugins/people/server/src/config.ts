/** The people plugin has no settings: what it answers comes from the CMS's own data. */
export type PeopleConfig = Record<string, never>;

export default {
  default: (): PeopleConfig => ({}),
  validator: () => undefined,
};
