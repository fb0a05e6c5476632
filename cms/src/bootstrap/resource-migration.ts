/**
 * Moves resources from their old fields to the current ones, once, on any database:
 * - `timeMinutes` (a computed copy of the length) is gone: where `durationMinutes` was empty it takes
 *   the old value, so no resource loses its length;
 * - `tags`, a JSON list of strings, became a repeatable `library.tag` component.
 * Strapi drops a removed field's column when it syncs the schema, before any bootstrap runs, so the
 * first half runs in the `strapi::content-types.beforeSync` hook: it copies the old values while their
 * columns still exist (the JSON tags into a holding table Strapi does not manage), then drops them.
 * The second half runs at bootstrap, once the component's tables exist: each held row becomes
 * components of the same row (draft and published versions alike, publication dates untouched), then
 * the holding table is dropped. Running again finds nothing to do.
 */
import type { Core } from '@strapi/strapi';
import { normaliseTags } from './resource-fields';

const UID = 'api::resource.resource';
const RESOURCES = 'resources';
const HOLDING = 'haven_legacy_resource_tags';

interface HeldTags {
  resource_id: number | string;
  tags: string | null;
}

async function saveLegacyFields(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(RESOURCES))) return;
  if (await knex.schema.hasColumn(RESOURCES, 'time_minutes')) {
    if (await knex.schema.hasColumn(RESOURCES, 'duration_minutes')) {
      await knex(RESOURCES).whereNull('duration_minutes').update({ duration_minutes: knex.ref('time_minutes') });
    }
    await knex.schema.alterTable(RESOURCES, (table) => table.dropColumn('time_minutes'));
  }
  if (!(await knex.schema.hasColumn(RESOURCES, 'tags'))) return;
  if (!(await knex.schema.hasTable(HOLDING))) {
    await knex.schema.createTable(HOLDING, (table) => {
      table.integer('resource_id').primary();
      table.text('tags');
    });
  }
  const rows: { id: number; tags: unknown }[] = await knex(RESOURCES).select('id', 'tags').whereNotNull('tags');
  const held = rows.map((row) => ({ resource_id: row.id, tags: typeof row.tags === 'string' ? row.tags : JSON.stringify(row.tags) }));
  for (let i = 0; i < held.length; i += 200) await knex(HOLDING).insert(held.slice(i, i + 200)).onConflict('resource_id').ignore();
  // Dropped here rather than left to Strapi, so old values can never be copied (and re-applied) twice.
  await knex.schema.alterTable(RESOURCES, (table) => table.dropColumn('tags'));
}

/** The tags an old JSON value held, as names (anything that is not a list of strings holds none). */
function tagsOf(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? 'null');
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

/** Bootstrap: the held JSON tags become `library.tag` components of their rows. */
export async function migrateLegacyTags(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(HOLDING))) return;
  const held: HeldTags[] = await knex(HOLDING).select('resource_id', 'tags');
  const documents = strapi.documents(UID);
  for (const row of held) {
    const id = Number(row.resource_id);
    const entry = await strapi.db.query(UID).findOne({ where: { id }, populate: { tags: true } });
    const tags = normaliseTags(tagsOf(row.tags));
    // A row that already has tags was edited since (or migrated by a run that stopped half-way): keep them.
    if (entry && tags.length && !(Array.isArray(entry.tags) && entry.tags.length)) {
      const components = await documents.updateComponents(entry, { tags });
      await strapi.db.query(UID).update({ where: { id }, data: components });
    }
    await knex(HOLDING).where({ resource_id: row.resource_id }).delete();
  }
  await knex.schema.dropTable(HOLDING);
  if (held.length) strapi.log.info(`[resources] moved the JSON tags of ${held.length} resource version(s) to tag fields`);
}

/** Register: copy the old fields' values before Strapi's schema sync drops their columns. */
export function keepLegacyResourceFields(strapi: Core.Strapi) {
  strapi.hook('strapi::content-types.beforeSync').register(() => saveLegacyFields(strapi));
}
