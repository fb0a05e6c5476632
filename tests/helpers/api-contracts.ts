/**
 * The providers' published API descriptions as a check on our stand-ins (issue 22). The trimmed
 * OpenAPI documents in tests/contracts (written by `npm run specs:extract` from a pinned commit of
 * stripe/openapi and paypal/paypal-rest-api-specifications) are loaded into openapi-backend, whose
 * validator (Ajv underneath) checks every request a stand-in receives and every answer and webhook
 * event it produces: required fields, types, enums, formats, unknown parameters.
 *
 * Stripe's request bodies are form-encoded: Stripe reads them with bracket notation (`a[b][0]=1`),
 * so the stand-in decodes them the same way (qs) and the body validator coerces the decoded strings
 * to the types the schema asks for — "1200" passes as an integer, "12.00" and "ten" do not — which is
 * what Stripe's own parser accepts. PayPal's bodies are JSON and are checked without coercion.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, ValidationContext, type Document } from 'openapi-backend';

const CONTRACTS = path.resolve(__dirname, '..', 'contracts');

/** Formats the providers define for themselves. Their schemas carry the patterns that matter; these only name them. */
const PROVIDER_FORMATS: Record<string, RegExp | true> = {
  'unix-time': true,
  decimal: /^-?\d+(\.\d+)?$/,
  merchant_common_email_address_v2: true,
  payer_v1: true,
  ppaas_common_country_code_v2: /^[A-Z]{2}$|^C2$/,
  ppaas_common_currency_code_v2: /^[A-Z]{3}$/,
  ppaas_common_email_address_v2: true,
  ppaas_common_language_v3: true,
  ppaas_date_notime_v2: /^\d{4}-\d{2}-\d{2}$/,
  ppaas_date_time_v3: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  ppaas_ip_address_v1: true,
  ppaas_payer_id_v3: /^[2-9A-HJ-NP-Z]{13}$/,
};

export interface ContractRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ContractSource {
  repository: string;
  commit: string;
  file: string;
}

/** One Ajv error as one readable line: where, what, and the parameter that explains it. */
export function describeError(error: ErrorObject): string {
  const where = error.instancePath.replace(/^\/requestBody/, 'body').replace(/^\/query/, 'query').replace(/^\/header/, 'header').replace(/^\/path/, 'path') || '(root)';
  const detail = Object.entries(error.params ?? {})
    .filter(([, value]) => value !== undefined && (typeof value !== 'object' || Array.isArray(value)))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? `${value.slice(0, 12).map((item) => JSON.stringify(item)).join(', ')}${value.length > 12 ? ', …' : ''}` : value}`)
    .join(', ');
  return `${where} ${error.message}${detail ? ` (${detail})` : ''}`;
}

type JsonNode = { [key: string]: unknown };
/**
 * OpenAPI 3.0's `nullable: true` beside `anyOf` with no `type` (Stripe writes every optional
 * expandable field this way) means "or null"; Ajv reads `nullable` only next to `type`. Said the JSON
 * Schema way — null as one more alternative — the rule is the same and Ajv can compile it.
 */
function nullableAlternatives(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableAlternatives);
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonNode;
  for (const value of Object.values(schema)) nullableAlternatives(value);
  // With an enum, null has to be one of the values (a nullable enum Stripe sends as null, e.g. `locale`).
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (schema.nullable === true && schema.type === undefined) {
    delete schema.nullable;
    const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (alternatives) alternatives.push({ type: 'null' });
    else if (schema.allOf) {
      schema.anyOf = [{ allOf: schema.allOf }, { type: 'null' }];
      delete schema.allOf;
    }
  }
}

/**
 * Stripe refuses a parameter it does not know at any depth ("Received unknown parameter:
 * payment_intent_data[descripton]"), but its document closes only the top level of each request
 * body. Closing every request object that lists its properties says what the API does; objects
 * without a list (metadata) stay open, as they are.
 */
function closeRequestObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeRequestObjects);
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonNode;
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const value of Object.values(schema)) closeRequestObjects(value);
}

/** Ajv as both checks use it: every format named, PayPal's patterns read without the `u` flag they were not written for. */
function configure(ajv: Ajv): Ajv {
  addFormats(ajv);
  for (const [name, format] of Object.entries(PROVIDER_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}
const AJV_OPTIONS: AjvOptions = { strict: false, allErrors: true, unicodeRegExp: false, logger: false };

const pointer = (...parts: string[]) => `#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * One trimmed document, its validators and where it came from. Requests go through openapi-backend
 * (routing, path, query and header parameters, bodies). Answers and events are compiled by Ajv from
 * the same document with its references kept as references: the providers' objects reference one
 * another (a charge its payment intent, its invoice, its customer…), and inlining them, as a
 * dereferenced document does, makes a single Stripe answer take seconds to compile.
 */
class ContractDocument {
  private compiled = new Map<string, ReturnType<Ajv['compile']>>();
  private readonly id: string;

  private constructor(
    readonly source: ContractSource,
    readonly raw: Document & { 'x-haven-enums'?: Record<string, string[]> },
    private readonly backend: OpenAPIBackend,
    private readonly ajv: Ajv,
  ) {
    this.id = `https://contracts.haven.test/${source.file}`;
  }

  static async load(file: string, stripeForms: boolean): Promise<ContractDocument> {
    const raw = JSON.parse(fs.readFileSync(path.join(CONTRACTS, file), 'utf8'));
    const definition = structuredClone(raw);
    nullableAlternatives(definition);
    if (stripeForms) for (const item of Object.values(definition.paths ?? {})) for (const operation of Object.values(item as Record<string, { requestBody?: unknown }>)) closeRequestObjects(operation?.requestBody);
    const backend = new OpenAPIBackend({
      definition: structuredClone(definition),
      strict: false,
      validate: true,
      // Quick: the documents are trimmed copies checked when extracted (PayPal's own do not pass a strict
      // OpenAPI check: `$ref` beside `readOnly`), and validators compile when first needed (prepare()).
      quick: true,
      ajvOpts: AJV_OPTIONS,
      customizeAjv: (ajv, options, context) => configure(stripeForms && context === ValidationContext.RequestBody ? new Ajv({ ...options, coerceTypes: 'array' }) : ajv),
    });
    await backend.init();
    const ajv = configure(new Ajv(AJV_OPTIONS));
    const doc = new ContractDocument(raw['x-haven-source'], raw, backend, ajv);
    ajv.addSchema({ ...definition, $id: doc.id });
    return doc;
  }

  /**
   * Compiles every validator now, so the first request a stand-in answers takes as long as the rest
   * (a compile on the first call would slow exactly the answer a test's race depends on).
   */
  prepare(): void {
    for (const operation of this.backend.router.getOperations()) {
      this.backend.validator.getRequestValidatorsForOperation(operation.operationId!);
      const responses = (this.raw.paths?.[operation.path] as Record<string, { responses?: Record<string, { $ref?: string; content?: Record<string, unknown> }> }> | undefined)?.[operation.method]?.responses ?? {};
      for (const [key, response] of Object.entries(responses)) {
        if (!response.$ref && !response.content?.['application/json']) continue;
        const base = response.$ref ? response.$ref.slice(1) : pointer('paths', operation.path, operation.method, 'responses', key).slice(1);
        this.check(`#${base}/content/application~1json/schema`, null);
      }
    }
    for (const name of Object.keys(this.raw.components?.schemas ?? {})) if (['event', 'checkout.session', 'charge', 'payment_intent', 'refund', 'customer', 'capture-2'].includes(name)) this.checkSchema(name, null);
  }

  /** The operation a request is for, or null when this document does not describe it. */
  operationOf(request: ContractRequest) {
    return this.backend.router.matchOperation({ method: request.method.toLowerCase(), path: request.path, headers: request.headers ?? {}, query: (request.query ?? {}) as Record<string, string> }) ?? null;
  }

  private check(location: string, value: unknown): string[] {
    let validate = this.compiled.get(location);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${this.id}${location}` });
      this.compiled.set(location, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map(describeError);
  }

  checkRequest(request: ContractRequest): string[] {
    const operation = this.operationOf(request);
    if (!operation) return [`${request.method} ${request.path} is not an operation of ${this.source.file}`];
    const result = this.backend.validator.validateRequest({ method: request.method.toLowerCase(), path: request.path, headers: request.headers ?? {}, query: (request.query ?? {}) as Record<string, string>, body: request.body }, operation);
    return (result.errors ?? []).map(describeError);
  }

  /** An answer against the schema the document gives for its status (or its `default`). */
  checkResponse(request: ContractRequest, status: number, body: unknown): string[] {
    const operation = this.operationOf(request);
    if (!operation) return [`${request.method} ${request.path} is not an operation of ${this.source.file}`];
    const responses = (this.raw.paths?.[operation.path] as Record<string, { responses?: Record<string, { content?: Record<string, unknown>; $ref?: string }> }> | undefined)?.[operation.method]?.responses ?? {};
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : 'default' in responses ? 'default' : null;
    if (!key) return [`${request.method} ${request.path}: the specification documents no ${status} answer`];
    const response = responses[key];
    const base = response.$ref ? response.$ref.slice(1) : pointer('paths', operation.path, operation.method, 'responses', key).slice(1);
    return this.check(`#${base}/content/application~1json/schema`, body);
  }

  /** A component schema (an event, a capture) checked on its own. */
  checkSchema(name: string, value: unknown): string[] {
    if (!this.raw.components?.schemas?.[name]) throw new Error(`${this.source.file} has no schema ${name}`);
    return this.check(pointer('components', 'schemas', name), value);
  }

  enumOf(name: string): string[] {
    const values = this.raw['x-haven-enums']?.[name];
    if (!values) throw new Error(`${this.source.file} pins no enum ${name}`);
    return values;
  }

  /** The enum of a schema property, for tests that walk every status a provider documents. */
  schemaEnum(schema: string, property: string): string[] {
    const found = this.raw.components?.schemas?.[schema] as SchemaNode | undefined;
    const values = findEnum(found, property);
    if (!values) throw new Error(`${this.source.file}: ${schema}.${property} has no enum`);
    return values;
  }
}

type SchemaNode = { properties?: Record<string, SchemaNode>; allOf?: SchemaNode[]; anyOf?: SchemaNode[]; enum?: unknown[] };
function findEnum(schema: SchemaNode | undefined, property: string): string[] | null {
  if (!schema) return null;
  const direct = schema.properties?.[property];
  if (direct) {
    const values = direct.enum ?? direct.allOf?.find((part) => part.enum)?.enum ?? direct.anyOf?.find((part) => part.enum)?.enum;
    if (values) return values.filter((value): value is string => typeof value === 'string');
  }
  for (const part of [...(schema.allOf ?? []), ...(schema.anyOf ?? [])]) {
    const values = findEnum(part, property);
    if (values) return values;
  }
  return null;
}

/** A provider's contract: the documents Haven uses, tried in order. */
export class ProviderContract {
  constructor(readonly documents: ContractDocument[]) {}

  private documentFor(request: ContractRequest): ContractDocument | null {
    return this.documents.find((doc) => doc.operationOf(request)) ?? null;
  }

  /** True when the published description covers this call (PayPal's OAuth token call is in none of them). */
  covers(request: ContractRequest): boolean {
    return this.documentFor(request) !== null;
  }

  checkRequest(request: ContractRequest): string[] {
    const doc = this.documentFor(request);
    return doc ? doc.checkRequest(request) : [`${request.method} ${request.path}: not in the pinned specification`];
  }

  checkResponse(request: ContractRequest, status: number, body: unknown): string[] {
    const doc = this.documentFor(request);
    return doc ? doc.checkResponse(request, status, body) : [`${request.method} ${request.path}: not in the pinned specification`];
  }

  document(file: string): ContractDocument {
    const doc = this.documents.find((candidate) => candidate.source.file.endsWith(file));
    if (!doc) throw new Error(`no pinned document ${file}`);
    return doc;
  }
}

let stripe: Promise<ProviderContract> | null = null;
let paypal: Promise<ProviderContract> | null = null;

/** Stripe's API (one document; form bodies coerced as Stripe parses them). Loaded once per process. */
export function stripeContract(): Promise<ProviderContract> {
  stripe ??= ContractDocument.load('stripe.openapi.json', true).then((doc) => {
    doc.prepare();
    return new ProviderContract([doc]);
  });
  return stripe;
}

/** PayPal's Orders v2, Payments v2 and Webhooks v1 documents. Loaded once per process. */
export function paypalContract(): Promise<ProviderContract> {
  paypal ??= Promise.all(['paypal-orders.openapi.json', 'paypal-payments.openapi.json', 'paypal-webhooks.openapi.json'].map((file) => ContractDocument.load(file, false))).then((docs) => {
    for (const doc of docs) doc.prepare();
    return new ProviderContract(docs);
  });
  return paypal;
}

/** Stripe's own example objects from the same commit: the stand-in's answers start from them. */
export function stripeFixture<T extends Record<string, unknown>>(resource: string): T {
  const fixtures = JSON.parse(fs.readFileSync(path.join(CONTRACTS, 'stripe.fixtures.json'), 'utf8')) as { resources: Record<string, T> };
  const fixture = fixtures.resources[resource];
  if (!fixture) throw new Error(`no Stripe fixture ${resource}`);
  return structuredClone(fixture);
}
