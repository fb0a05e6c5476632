import { screenUploads, type IncomingFile } from '../../lib/uploads/screen';

type UploadService = Record<string, unknown> & {
  upload(args: { data: unknown; files: IncomingFile | IncomingFile[] }, opts?: unknown): Promise<unknown>;
  replace(id: unknown, args: { data: unknown; file: IncomingFile }, opts?: unknown): Promise<unknown>;
};
interface UploadPlugin {
  services: Record<string, (deps: { strapi: unknown }) => UploadService>;
}

/**
 * Every file that reaches Strapi's upload service is screened first (lib/uploads/screen.ts): the
 * media library, Strapi's own upload routes and Haven's code that calls the service directly alike.
 * Strapi's controller sniffs content only for its own routes, and its service trusts the caller.
 */
export default (plugin: UploadPlugin) => {
  const makeUploadService = plugin.services.upload;
  plugin.services.upload = (deps) => {
    const service = makeUploadService(deps);
    return {
      ...service,
      async upload(args, opts) {
        await screenUploads(args?.files, 'media');
        return service.upload(args, opts);
      },
      async replace(id, args, opts) {
        await screenUploads(args?.file, 'media');
        return service.replace(id, args, opts);
      },
    };
  };
  return plugin;
};
