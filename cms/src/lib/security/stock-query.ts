/**
 * Checks the query string of Strapi's stock content-API routes (`GET /api/resources`, …) before the
 * core controller sees it. Strapi turns several malformed shapes into a 500 (a `$between` that is
 * not a pair, `$and` that is not a list, a numeric filter key, an operator inside an operator, an
 * offset of 1e20, `_q` that is not text); here each one is a 400 naming the parameter. Field names
 * are checked against the content type (and the targets of its relations), so nothing unknown
 * reaches the query builder.
 */

/** What this module needs to know about a content type's attributes. */
export interface AttributeLike {
  type: string;
  target?: string;
  component?: string;
  private?: boolean;
}
export type ModelLookup = (uid: string) => { attributes: Record<string, AttributeLike>; options?: { draftAndPublish?: boolean } } | undefined;

export class QueryProblem extends Error {}

const COMPARISON = new Set([
  '$eq', '$eqi', '$ne', '$nei', '$lt', '$lte', '$gt', '$gte',
  '$contains', '$notContains', '$containsi', '$notContainsi',
  '$startsWith', '$startsWithi', '$endsWith', '$endsWithi', '$notStartsWith', '$notEndsWith',
]);
const LISTS = new Set(['$in', '$notIn']);
const FLAGS = new Set(['$null', '$notNull']);
const LOGICAL_LISTS = new Set(['$and', '$or']);
/** Attributes every document has, besides those in its schema. */
const SYSTEM_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale']);
const TOP_LEVEL = new Set(['filters', 'pagination', 'sort', 'fields', 'populate', 'locale', 'status', '_q']);

const MAX_DEPTH = 8;
const MAX_LIST = 100;
const MAX_TEXT = 500;
const MAX_OFFSET = 1_000_000;

type Json = unknown;
const isPlainObject = (value: Json): value is Record<string, Json> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isScalar = (value: Json) => value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function text(value: Json, name: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw new QueryProblem(`${name} must be text`);
  if (value.length > max) throw new QueryProblem(`${name} is too long`);
  return value;
}

function scalar(value: Json, name: string) {
  if (!isScalar(value)) throw new QueryProblem(`${name} must be a single value`);
  if (typeof value === 'string' && value.length > MAX_TEXT) throw new QueryProblem(`${name} is too long`);
}

function list(value: Json, name: string, exact?: number) {
  if (!Array.isArray(value)) throw new QueryProblem(`${name} must be a list`);
  if (value.length > MAX_LIST) throw new QueryProblem(`${name} lists too many values`);
  if (exact !== undefined && value.length !== exact) throw new QueryProblem(`${name} must list exactly ${exact} values`);
  value.forEach((item, index) => scalar(item, `${name}[${index}]`));
}

/** The model a field leads to (relations, media, components), or null for a plain attribute. */
function targetOf(attribute: AttributeLike): string | null {
  if (attribute.type === 'relation' && attribute.target) return attribute.target;
  if (attribute.type === 'media') return 'plugin::upload.file';
  if (attribute.type === 'component' && attribute.component) return attribute.component;
  return null;
}

export function checkFilters(value: Json, uid: string, models: ModelLookup, name = 'filters', depth = 0): void {
  if (depth > MAX_DEPTH) throw new QueryProblem(`${name} is nested too deeply`);
  if (!isPlainObject(value)) throw new QueryProblem(`${name} must be an object such as filters[title][$eq]=…`);
  const model = models(uid);
  for (const [key, inner] of Object.entries(value)) {
    const here = `${name}[${key}]`;
    if (key.startsWith('$')) {
      if (LOGICAL_LISTS.has(key)) {
        if (!Array.isArray(inner)) throw new QueryProblem(`${here} must be a list of conditions`);
        if (inner.length > MAX_LIST) throw new QueryProblem(`${here} lists too many conditions`);
        inner.forEach((item, index) => checkFilters(item, uid, models, `${here}[${index}]`, depth + 1));
      } else if (key === '$not') {
        checkFilters(inner, uid, models, here, depth + 1);
      } else {
        throw new QueryProblem(`${here}: an operator must follow a field name`);
      }
      continue;
    }
    const attribute = model?.attributes[key];
    if (!SYSTEM_FIELDS.has(key) && (!attribute || attribute.private)) throw new QueryProblem(`${here}: unknown field "${key.slice(0, 64)}"`);
    const target = attribute ? targetOf(attribute) : null;
    if (isScalar(inner)) {
      scalar(inner, here);
    } else if (Array.isArray(inner)) {
      list(inner, here);
    } else if (target && !Object.keys(inner as object).some((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$not')) {
      checkFilters(inner, target, models, here, depth + 1);
    } else {
      checkOperators(inner, here, target ? { uid: target, models } : null, depth + 1);
    }
  }
}

/** `{ $eq: 'x', $in: [...] }` on one field. */
function checkOperators(value: Json, name: string, relation: { uid: string; models: ModelLookup } | null, depth: number) {
  if (!isPlainObject(value)) throw new QueryProblem(`${name} must be an object of operators`);
  for (const [operator, operand] of Object.entries(value)) {
    const here = `${name}[${operator}]`;
    if (COMPARISON.has(operator)) scalar(operand, here);
    else if (LISTS.has(operator)) list(operand, here);
    else if (operator === '$between') list(operand, here, 2);
    else if (FLAGS.has(operator)) {
      if (!(operand === true || operand === false || operand === 'true' || operand === 'false')) throw new QueryProblem(`${here} must be true or false`);
    } else if (operator === '$not') checkOperators(operand, here, relation, depth + 1);
    else if ((operator === '$and' || operator === '$or') && Array.isArray(operand)) {
      operand.forEach((item, index) => checkOperators(item, `${here}[${index}]`, relation, depth + 1));
    } else throw new QueryProblem(`${here}: unknown operator`);
  }
}

function checkPagination(value: Json) {
  if (!isPlainObject(value)) throw new QueryProblem('pagination must be an object such as pagination[page]=1');
  const bounds: Record<string, [number, number]> = { page: [1, 100_000], pageSize: [1, 1_000], start: [0, MAX_OFFSET], limit: [-1, 1_000] };
  for (const [key, raw] of Object.entries(value)) {
    if (key === 'withCount') {
      if (!(raw === 'true' || raw === 'false' || raw === true || raw === false)) throw new QueryProblem('pagination[withCount] must be true or false');
      continue;
    }
    const range = bounds[key];
    if (!range) throw new QueryProblem(`pagination[${key.slice(0, 64)}] is not a pagination parameter`);
    const number = typeof raw === 'string' && raw.length <= 12 ? Number(raw) : Number.NaN;
    if (!Number.isInteger(number) || number < range[0] || number > range[1]) {
      throw new QueryProblem(`pagination[${key}] must be a whole number from ${range[0]} to ${range[1]}`);
    }
  }
}

function checkNames(value: Json, name: string) {
  if (typeof value === 'string') return void text(value, name);
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST) throw new QueryProblem(`${name} lists too many values`);
    return value.forEach((item, index) => {
      if (typeof item === 'string') text(item, `${name}[${index}]`);
      else if (isPlainObject(item)) Object.values(item).forEach((v) => text(v, `${name}[${index}]`));
      else throw new QueryProblem(`${name}[${index}] must be text`);
    });
  }
  if (isPlainObject(value)) return Object.values(value).forEach((v) => text(v, name));
  throw new QueryProblem(`${name} must be text or a list`);
}

function checkPopulate(value: Json, uid: string, models: ModelLookup, name = 'populate', depth = 0): void {
  if (depth > 5) throw new QueryProblem(`${name} is nested too deeply`);
  if (typeof value === 'string' || Array.isArray(value)) return checkNames(value, name);
  if (!isPlainObject(value)) throw new QueryProblem(`${name} must be text, a list or an object`);
  const model = models(uid);
  for (const [key, inner] of Object.entries(value)) {
    const here = `${name}[${key}]`;
    if (inner === true || inner === 'true' || inner === '*' || typeof inner === 'string') continue;
    if (!isPlainObject(inner)) throw new QueryProblem(`${here} must be true or an object`);
    const attribute = model?.attributes[key];
    const target = attribute ? targetOf(attribute) : null;
    // Drafts stay out of nested documents as well.
    delete inner.status;
    for (const [option, optionValue] of Object.entries(inner)) {
      if (option === 'filters' && target) checkFilters(optionValue, target, models, `${here}[filters]`);
      else if (option === 'populate' && target) checkPopulate(optionValue, target, models, `${here}[populate]`, depth + 1);
      else if (option === 'fields' || option === 'sort') checkNames(optionValue, `${here}[${option}]`);
      else if (option === 'on' && isPlainObject(optionValue)) {
        for (const [component, spec] of Object.entries(optionValue)) checkPopulate({ [component]: spec }, component, models, `${here}[on]`, depth + 1);
      } else if (!['filters', 'populate', 'fields', 'sort', 'on', 'count'].includes(option)) {
        throw new QueryProblem(`${here}[${option.slice(0, 64)}] is not a populate option`);
      }
    }
  }
}

/**
 * Checks `query` in place for the content type `uid` and, for a type with draft & publish, pins it
 * to published documents: whatever `status` the caller sent, the public API answers with what is
 * published.
 */
export function checkStockQuery(query: Record<string, Json>, uid: string, models: ModelLookup, draftAndPublish = true): void {
  for (const key of Object.keys(query)) {
    if (!TOP_LEVEL.has(key)) throw new QueryProblem(`unknown query parameter "${key.slice(0, 64)}"`);
  }
  if (query.filters !== undefined) checkFilters(query.filters, uid, models);
  if (query.pagination !== undefined) checkPagination(query.pagination);
  if (query.sort !== undefined) checkNames(query.sort, 'sort');
  if (query.fields !== undefined) checkNames(query.fields, 'fields');
  if (query.populate !== undefined) checkPopulate(query.populate, uid, models);
  if (query._q !== undefined) text(query._q, '_q', 200);
  if (query.locale !== undefined) text(query.locale, 'locale', 35);
  if (draftAndPublish) query.status = 'published';
  else delete query.status;
}
