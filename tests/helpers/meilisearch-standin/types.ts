/** The shapes the Meilisearch stand-in records and serves, its default index settings and its API error. */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: any;
  /** The answer's status; 0 when the connection was dropped or left hanging. */
  status: number;
  /** The outage mode the request met, if any. */
  outage?: OutageMode;
  at: number;
}

export type OutageMode = 'none' | 'unavailable' | 'reset' | 'refuse' | 'hang';

export interface ApiKey {
  uid: string;
  key: string;
  name: string;
  description: string | null;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskFailureRule {
  /** Task type to fail, e.g. 'documentAdditionOrUpdate', 'documentDeletion', 'settingsUpdate'; any when omitted. */
  type?: string;
  /** How many matching tasks fail before tasks succeed again (default: until clearTaskFailures()). */
  times?: number;
  message?: string;
  code?: string;
}

export interface Task {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  type: string;
  canceledBy: null;
  details: Record<string, unknown>;
  error: null | { message: string; code: string; type: string; link: string };
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  apply: () => void;
}

export interface Index {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
  settings: Record<string, any>;
  documents: Map<string, Record<string, any>>;
}

export interface MeilisearchStandin {
  url: string;
  port: number;
  keys: { master: string; admin: string; search: string; readOnly: string };
  /** Every request received, oldest first (health checks included). */
  requests: RecordedRequest[];
  /** Recorded requests with this method and path (exact string, or a RegExp on the path). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  clearRequests(): void;
  /** The documents an index holds now, in insertion order. */
  documents(indexUid: string): Record<string, any>[];
  settings(indexUid: string): Record<string, any> | null;
  hasIndex(indexUid: string): boolean;
  /** Adds an API key as if created through POST /keys (listed first, as the newest). */
  addKey(key: Partial<ApiKey> & { actions: string[]; indexes: string[] }): ApiKey;
  outage(mode: OutageMode): Promise<void>;
  failTasks(rule?: TaskFailureRule): void;
  clearTaskFailures(): void;
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS = () => ({
  displayedAttributes: ['*'],
  searchableAttributes: ['*'],
  filterableAttributes: [] as string[],
  sortableAttributes: [] as string[],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords: [] as string[],
  nonSeparatorTokens: [] as string[],
  separatorTokens: [] as string[],
  dictionary: [] as string[],
  synonyms: {} as Record<string, string[]>,
  distinctAttribute: null as string | null,
  proximityPrecision: 'byWord',
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: [] as string[],
    disableOnAttributes: [] as string[],
    disableOnNumbers: false,
  },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
  pagination: { maxTotalHits: 1000 },
  searchCutoffMs: null as number | null,
  localizedAttributes: null,
  facetSearch: true,
  prefixSearch: 'indexingTime',
  embedders: {},
});
export const SETTING_NAMES = new Set(Object.keys(DEFAULT_SETTINGS()));

export type Match = 'exact' | 'typo' | 'prefix';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type = 'invalid_request',
  ) {
    super(message);
  }
}
