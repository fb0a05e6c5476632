/**
 * Puts Haven's labels, help texts, placeholders and list columns (./field-labels.ts) into the Content
 * Manager's stored configurations, through the content-manager plugin's own configuration services
 * (the ones its "Configure the view" page saves with), on every start: a fresh database gets them,
 * and an upgrade that changes a text brings the new one.
 *
 * Staff may still change a label or the columns in "Configure the view": Haven remembers what it
 * applied last (core store, plugin "haven", key "content-manager-texts") and only replaces a value
 * that is still Strapi's default or still what Haven applied; a value someone chose since is kept.
 * Runs after the content-manager's own bootstrap, which has created and synced the configurations.
 */
import type { Core } from '@strapi/strapi';
import { FIELD_TEXTS, type FieldText, type TypeTexts } from './field-labels';

const TEXT_KEYS = ['label', 'description', 'placeholder'] as const;
type TextKey = (typeof TEXT_KEYS)[number];

interface EditMeta extends Partial<Record<TextKey, string>> {
  mainField?: string;
  [key: string]: unknown;
}
interface Metadata {
  edit: EditMeta;
  list: { label?: string; mainField?: string; [key: string]: unknown };
}
interface Configuration {
  uid: string;
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list?: string[]; edit?: unknown; [key: string]: unknown };
}
interface ConfigurationService {
  findConfiguration(model: { uid: string }): Promise<Configuration>;
  updateConfiguration(model: { uid: string }, configuration: Omit<Configuration, 'uid'>): Promise<unknown>;
}
interface ComponentService extends ConfigurationService {
  findComponent(uid: string): { uid: string; category?: string } | undefined;
}

/** What Haven applied last, per type: to tell its own values from staff's choices. */
type Applied = Record<string, { fields: Record<string, FieldText>; list?: string[] }>;

const STORE_KEY = 'content-manager-texts';

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether `current` may be replaced: it is Strapi's default (the field's name, or empty) or Haven's last value. */
function replaceable(key: TextKey, field: string, current: string | undefined, previous: string | undefined) {
  if (current === undefined || current === '' || current === previous) return true;
  return key === 'label' && current === field;
}

/** One type's configuration with Haven's texts merged in; `changed` says whether anything differs. */
export function withHavenTexts(configuration: Configuration, texts: TypeTexts, previous: Applied[string] | undefined) {
  let changed = false;
  const metadatas: Record<string, Metadata> = { ...configuration.metadatas };
  for (const [field, text] of Object.entries(texts.fields)) {
    const meta = metadatas[field];
    if (!meta) continue; // the field no longer exists (or not yet): nothing to label
    const edit = { ...meta.edit };
    const list = { ...meta.list };
    for (const key of TEXT_KEYS) {
      const wanted = text[key] ?? '';
      if (edit[key] !== wanted && replaceable(key, field, edit[key], previous?.fields[field]?.[key])) {
        edit[key] = wanted;
        changed = true;
      }
    }
    if (list.label !== text.label && replaceable('label', field, list.label, previous?.fields[field]?.label)) {
      list.label = text.label;
      changed = true;
    }
    const mainField = texts.mainFields?.[field];
    if (mainField && edit.mainField !== mainField && !previous) {
      edit.mainField = mainField;
      list.mainField = mainField;
      changed = true;
    }
    metadatas[field] = { ...meta, edit, list };
  }
  const layouts = { ...configuration.layouts };
  const columns = texts.list?.filter((field) => field in metadatas);
  if (columns && !sameList(layouts.list, columns) && (!previous || sameList(layouts.list, previous.list))) {
    layouts.list = columns;
    changed = true;
  }
  return { changed, columns, configuration: { settings: configuration.settings, metadatas, layouts } };
}

export async function applyContentManagerTexts(strapi: Core.Strapi) {
  const contentManager = strapi.plugin('content-manager');
  const contentTypes: ConfigurationService = contentManager.service('content-types');
  const components: ComponentService = contentManager.service('components');
  const store = strapi.store({ type: 'plugin', name: 'haven' });
  const applied: Applied = ((await store.get({ key: STORE_KEY })) as Applied | null) ?? {};

  for (const texts of FIELD_TEXTS) {
    const service = texts.kind === 'component' ? components : contentTypes;
    const model = texts.kind === 'component' ? components.findComponent(texts.uid) : strapi.contentTypes[texts.uid as keyof typeof strapi.contentTypes];
    if (!model) continue;
    const current = await service.findConfiguration(texts.kind === 'component' ? model : { uid: texts.uid });
    const { changed, columns, configuration } = withHavenTexts(current, texts, applied[texts.uid]);
    if (changed) await service.updateConfiguration(texts.kind === 'component' ? model : { uid: texts.uid }, configuration);
    applied[texts.uid] = { fields: texts.fields, list: columns };
  }
  await store.set({ key: STORE_KEY, value: applied });
}
