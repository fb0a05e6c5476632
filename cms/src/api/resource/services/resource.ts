import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';

const UID = 'api::resource.resource';


export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A resource's draft with what its reader's page shows (the site's population, site/src/lib/library-server.ts), or null: only for a checked preview token. */
  async draftForPreview(documentId: string) {
    return strapi.documents(UID).findOne({
      documentId,
      status: 'draft',
      populate: {
        categories: { fields: ['name', 'slug'] },
        cover: { fields: ['url', 'alternativeText'] },
        media: { fields: ['url', 'mime', 'name', 'alternativeText'] },
        tags: { fields: ['name'] },
      },
    });
  },
}));
