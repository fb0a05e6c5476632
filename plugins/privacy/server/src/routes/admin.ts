import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { ERASURE_PERMISSION } from '../lib/erasure-permissions';
import { EXPORT_PERMISSION } from '../lib/export-permissions';

/** Admin API under /privacy (super admins: each row needs its plugin::privacy action). */
export default routerOf<typeof controllers>('admin', {
  // exports (issue 20): a copy of an account's data, asked with a reason, downloaded once (plugin::privacy.export)
  'POST /accounts/:userId/exports': ['exports.staffCreate', staff(EXPORT_PERMISSION)],
  'GET /exports/:id': ['exports.staffFindOne', staff(EXPORT_PERMISSION)],
  'POST /exports/:id/link': ['exports.staffLink', staff(EXPORT_PERMISSION)],
  'GET /exports/:id/download': ['exports.staffDownload', staff(EXPORT_PERMISSION)],
  // erasure (issue 20): schedule (grace, or now when staff verified the request) and cancel, with a reason (plugin::privacy.erase)
  'GET /accounts/:userId/erasure': ['erasure.staffFind', staff(ERASURE_PERMISSION)],
  'POST /accounts/:userId/erasure': ['erasure.staffSchedule', staff(ERASURE_PERMISSION)],
  'POST /accounts/:userId/erasure/cancel': ['erasure.staffCancel', staff(ERASURE_PERMISSION)],
});
