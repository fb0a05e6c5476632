import { factories } from '@strapi/strapi';

// Read-only on the content API; editors write through the admin panel.
export default factories.createCoreRouter('api::category.category', { only: ['find', 'findOne'] });
