/**
 * Extends the Vite configuration Strapi builds the admin panel with (`strapi build`).
 *
 * Rollup warns, once per build, that comments inside zod's own files (node_modules/zod/v4/core) sit
 * where it cannot read them as `@__PURE__` annotations. Nobody building Haven can act on that (it is
 * zod's source, and the comment is simply dropped), so that one warning about dependencies is left
 * out; every other warning still prints.
 */
interface RollupWarning {
  code?: string;
  id?: string;
}
type Warn = (warning: RollupWarning) => void;
interface AdminViteConfig {
  build?: { rollupOptions?: { onwarn?: (warning: RollupWarning, warn: Warn) => void } & Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

const isDependencyAnnotation = (warning: RollupWarning) => warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]/.test(warning.id ?? '');

export default (config: AdminViteConfig): AdminViteConfig => {
  const previous = config.build?.rollupOptions?.onwarn;
  return {
    ...config,
    build: {
      ...config.build,
      rollupOptions: {
        ...config.build?.rollupOptions,
        onwarn(warning, warn) {
          if (isDependencyAnnotation(warning)) return;
          if (previous) previous(warning, warn);
          else warn(warning);
        },
      },
    },
  };
};
