import type { Core } from '@strapi/strapi';

/**
 * Staff roles of the admin panel. Editor manages library content and media; Moderator holds only
 * the community plugin's moderation permissions. Looked up by code so a restart changes nothing.
 */
const LIBRARY_TYPES = ['api::resource.resource', 'api::category.category'];
const fieldsOf = (strapi: Core.Strapi, uid: string) =>
  Object.keys((strapi.contentType(uid as any) as any).attributes).filter((name) => !['createdBy', 'updatedBy'].includes(name));

function editorPermissions(strapi: Core.Strapi) {
  const explorer = ['create', 'read', 'update', 'delete', 'publish'].map((verb) => `plugin::content-manager.explorer.${verb}`);
  const content = LIBRARY_TYPES.flatMap((subject) =>
    explorer
      .filter((action) => action.endsWith('publish') ? (strapi.contentType(subject as any) as any).options?.draftAndPublish : true)
      .map((action) => ({
        action,
        subject,
        properties: ['create', 'read', 'update'].some((v) => action.endsWith(v)) ? { fields: fieldsOf(strapi, subject) } : {},
        conditions: [],
      })),
  );
  const media = ['read', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map((verb) => ({
    action: `plugin::upload.${verb}`,
    subject: null,
    properties: {},
    conditions: [],
  }));
  return [...content, ...media];
}

const moderatorPermissions = () =>
  ['moderation.read', 'moderation.act'].map((uid) => ({ action: `plugin::community.${uid}`, subject: null, properties: {}, conditions: [] }));

export const STAFF_ROLES = {
  editor: { code: 'strapi-editor', name: 'Editor', description: 'Writes and publishes library resources' },
  moderator: { code: 'haven-moderator', name: 'Moderator', description: 'Reviews the community moderation queue, nothing else' },
};

async function ensureRole(strapi: Core.Strapi, spec: { code: string; name: string; description: string }) {
  const roles = strapi.service('admin::role') as any;
  const found = await roles.findOne({ code: spec.code });
  if (found) return found;
  return roles.create({ name: spec.name, code: spec.code, description: spec.description });
}

export async function seedStaffRoles(strapi: Core.Strapi) {
  const roles = strapi.service('admin::role') as any;
  // Strapi creates Super Admin, Editor and Author when the admin first starts; make sure it has.
  await roles.createRolesIfNoneExist?.();
  const editor = await ensureRole(strapi, STAFF_ROLES.editor);
  const moderator = await ensureRole(strapi, STAFF_ROLES.moderator);
  await roles.assignPermissions(editor.id, editorPermissions(strapi));
  await roles.assignPermissions(moderator.id, moderatorPermissions());
  return { editor, moderator };
}
