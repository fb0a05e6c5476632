/** The audit plugin has no settings: what it keeps and for how long is not configurable on purpose. */
export type AuditConfig = Record<string, never>;

export default {
  default: (): AuditConfig => ({}),
  validator: () => undefined,
};
