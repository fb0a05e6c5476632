import type { Core } from '@strapi/strapi';

/**
 * Staff roles of the admin panel. Editor manages library content and media (and sees the library's
 * views and searches); Moderator holds only the community plugin's moderation permissions (and the
 * moderation figures). Looked up by code so a restart changes nothing.
 */
const LIBRARY_TYPES = ['api::resource.resource', 'api::category.category'];
const schemaOf = (strapi: Core.Strapi, uid: string) => strapi.contentType(uid as Parameters<Core.Strapi['contentType']>[0]);
const fieldsOf = (strapi: Core.Strapi, uid: string) => Object.keys(schemaOf(strapi, uid).attributes).filter((name) => !['createdBy', 'updatedBy'].includes(name));

interface AdminPermission {
  action: string;
  subject: string | null;
  properties: { fields?: string[] };
  conditions: string[];
}

/** The parts of admin::role and admin::user that Haven's seeding uses. */
interface AdminRoleService {
  findOne(query: { code: string }): Promise<{ id: number } | null>;
  create(role: { name: string; code: string; description: string }): Promise<{ id: number }>;
  createRolesIfNoneExist?(): Promise<void>;
  assignPermissions(roleId: number, permissions: AdminPermission[]): Promise<unknown>;
}
interface AdminUserService {
  create(user: { email: string; firstname: string; lastname: string; password: string; isActive: boolean; registrationToken: null; roles: number[] }): Promise<{ id: number }>;
}

// Strapi types its services as open records (every member `any`): these adapters name the members
// Haven calls, so each call is checked here and the answers are typed where they are used.
export function adminRoles(strapi: Core.Strapi): AdminRoleService {
  const service = strapi.service('admin::role');
  return {
    findOne: (query) => service.findOne(query),
    create: (role) => service.create(role),
    // Not every Strapi version has it; the seed calls it only when it is there.
    createRolesIfNoneExist: typeof service.createRolesIfNoneExist === 'function' ? () => service.createRolesIfNoneExist() : undefined,
    assignPermissions: (roleId, permissions) => service.assignPermissions(roleId, permissions),
  };
}

export function adminUsers(strapi: Core.Strapi): AdminUserService {
  const service = strapi.service('admin::user');
  return { create: (user) => service.create(user) };
}

function editorPermissions(strapi: Core.Strapi): AdminPermission[] {
  const explorer = ['create', 'read', 'update', 'delete', 'publish'].map((verb) => `plugin::content-manager.explorer.${verb}`);
  const content = LIBRARY_TYPES.flatMap((subject) =>
    explorer
      .filter((action) => (action.endsWith('publish') ? !!schemaOf(strapi, subject).options?.draftAndPublish : true))
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
  // The home page's "Library: top searches / no result" widget (views and searches only, no other figures).
  const figures = { action: 'plugin::dashboards.library', subject: null, properties: {}, conditions: [] };
  return [...content, ...media, figures];
}

const moderatorPermissions = (): AdminPermission[] => [
  ...['moderation.read', 'moderation.act'].map((uid) => ({ action: `plugin::community.${uid}`, subject: null, properties: {}, conditions: [] })),
  // The home page's "Moderation: flags waiting, turnaround" widget (those figures only).
  { action: 'plugin::dashboards.moderation', subject: null, properties: {}, conditions: [] },
];

export const STAFF_ROLES = {
  editor: { code: 'strapi-editor', name: 'Editor', description: 'Writes and publishes library resources' },
  moderator: { code: 'haven-moderator', name: 'Moderator', description: 'Reviews the community moderation queue, nothing else' },
};

async function ensureRole(strapi: Core.Strapi, spec: { code: string; name: string; description: string }) {
  const roles = adminRoles(strapi);
  const found = await roles.findOne({ code: spec.code });
  if (found) return found;
  return roles.create({ name: spec.name, code: spec.code, description: spec.description });
}

export async function seedStaffRoles(strapi: Core.Strapi) {
  const roles = adminRoles(strapi);
  // Strapi creates Super Admin, Editor and Author when the admin first starts; make sure it has.
  await roles.createRolesIfNoneExist?.();
  const editor = await ensureRole(strapi, STAFF_ROLES.editor);
  const moderator = await ensureRole(strapi, STAFF_ROLES.moderator);
  await roles.assignPermissions(editor.id, editorPermissions(strapi));
  await roles.assignPermissions(moderator.id, moderatorPermissions());
  return { editor, moderator };
}
