import { ApiError, type Index, type Match } from './types';
import { compileFilter, textOf, tokenize, typoDistance, valuesOf } from './matching';

/** POST /indexes/:uid/search over an in-memory index: ranking, filters, facets, sort, pagination, displayed attributes and highlighting. */
export function search(index: Index, body: any) {
  const started = Date.now();
  const settings = index.settings;
  const q = typeof body.q === 'string' ? body.q : '';
  const matchFilter = compileFilter(body.filter, settings.filterableAttributes);
  const facets: string[] = body.facets ?? [];
  for (const facet of facets) {
    if (facet !== '*' && !settings.filterableAttributes.includes(facet)) {
      throw new ApiError(400, 'invalid_search_facets', `Invalid facet distribution, attribute \`${facet}\` is not filterable.`);
    }
  }
  const sort: string[] = body.sort ?? [];
  const sorters = sort.map((s) => {
    const [attr, dir] = s.split(':');
    if (!settings.sortableAttributes.includes(attr)) {
      throw new ApiError(400, 'invalid_search_sort', `Attribute \`${attr}\` is not sortable. Available sortable attributes are: \`${settings.sortableAttributes.join(', ')}\`.`);
    }
    if (dir !== 'asc' && dir !== 'desc') throw new ApiError(400, 'invalid_search_sort', `Invalid syntax for the sort parameter: expected \`asc\` or \`desc\`, found \`${dir}\`.`);
    return { attr, dir };
  });

  const terms = [...new Set(tokenize(q).map((t) => t.word))].slice(0, 10);
  const searchable: string[] = settings.searchableAttributes[0] === '*' ? null! : settings.searchableAttributes;
  const typos = settings.typoTolerance;
  const matchWord = (term: string, word: string, isLast: boolean): Match | null => {
    if (word === term) return 'exact';
    if (typos.enabled !== false) {
      const budget = term.length >= typos.minWordSizeForTypos.twoTypos ? 2 : term.length >= typos.minWordSizeForTypos.oneTypo ? 1 : 0;
      if (budget && Math.abs(word.length - term.length) <= budget && typoDistance(term, word) <= budget) return 'typo';
    }
    if (isLast && word.startsWith(term)) return 'prefix';
    return null;
  };

  type Scored = { doc: Record<string, any>; words: number; typos: number; attribute: number; order: number };
  const scored: Scored[] = [];
  let order = 0;
  for (const doc of index.documents.values()) {
    order++;
    if (!matchFilter(doc)) continue;
    if (!terms.length) {
      scored.push({ doc, words: 0, typos: 0, attribute: 0, order });
      continue;
    }
    const attributes = searchable ?? Object.keys(doc);
    const fields = attributes.map((a) => tokenize(textOf(valuesOf(doc, a))).map((t) => t.word));
    const termMatch = terms.map((term, i) => {
      let best: { match: Match; attribute: number } | null = null;
      fields.forEach((words, attribute) => {
        for (const word of words) {
          const match = matchWord(term, word, i === terms.length - 1);
          if (match && (!best || (best.match !== 'exact' && match === 'exact'))) best = { match, attribute };
        }
      });
      return best as { match: Match; attribute: number } | null;
    });
    // matchingStrategy "last" (the default): drop query words from the end until the rest match.
    let words = terms.length;
    if ((body.matchingStrategy ?? 'last') === 'all') {
      if (termMatch.some((m) => !m)) continue;
    } else {
      while (words > 0 && termMatch.slice(0, words).some((m) => !m)) words--;
      if (!words) continue;
    }
    const used = termMatch.slice(0, words) as { match: Match; attribute: number }[];
    scored.push({ doc, words, typos: used.filter((m) => m.match === 'typo').length, attribute: Math.min(...used.map((m) => m.attribute)), order });
  }
  scored.sort((a, b) => {
    if (b.words !== a.words) return b.words - a.words;
    if (a.typos !== b.typos) return a.typos - b.typos;
    if (a.attribute !== b.attribute) return a.attribute - b.attribute;
    for (const { attr, dir } of sorters) {
      const x = valuesOf(a.doc, attr)[0] as any;
      const y = valuesOf(b.doc, attr)[0] as any;
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
    }
    return a.order - b.order;
  });

  const facetDistribution: Record<string, Record<string, number>> = {};
  const facetNames = facets.includes('*') ? settings.filterableAttributes : facets;
  for (const facet of facetNames) {
    const counts: Record<string, number> = {};
    for (const { doc } of scored) for (const v of new Set(valuesOf(doc, facet).map(String))) counts[v] = (counts[v] ?? 0) + 1;
    facetDistribution[facet] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }

  const exhaustive = body.page !== undefined || body.hitsPerPage !== undefined;
  let slice: Scored[];
  const meta: Record<string, unknown> = {};
  const totalHits = Math.min(scored.length, settings.pagination.maxTotalHits);
  if (exhaustive) {
    const hitsPerPage = body.hitsPerPage ?? 20;
    const page = body.page ?? 1;
    if (!Number.isInteger(page) || page < 0) throw new ApiError(400, 'invalid_search_page', 'Invalid value for `page`: expected a positive integer.');
    if (!Number.isInteger(hitsPerPage) || hitsPerPage < 0) throw new ApiError(400, 'invalid_search_hits_per_page', 'Invalid value for `hitsPerPage`: expected a positive integer.');
    slice = page === 0 ? [] : scored.slice(0, totalHits).slice((page - 1) * hitsPerPage, page * hitsPerPage);
    Object.assign(meta, { hitsPerPage, page, totalPages: hitsPerPage ? Math.ceil(totalHits / hitsPerPage) : 0, totalHits });
  } else {
    const offset = body.offset ?? 0;
    const limit = body.limit ?? 20;
    slice = scored.slice(0, totalHits).slice(offset, offset + limit);
    Object.assign(meta, { offset, limit, estimatedTotalHits: totalHits });
  }

  const displayed: string[] | null = settings.displayedAttributes[0] === '*' ? null : settings.displayedAttributes;
  const retrieve: string[] | null = body.attributesToRetrieve && body.attributesToRetrieve[0] !== '*' ? body.attributesToRetrieve : null;
  const toHighlight: string[] = body.attributesToHighlight ?? [];
  const pre = body.highlightPreTag ?? '<em>';
  const post = body.highlightPostTag ?? '</em>';
  const highlight = (text: string) => {
    let out = '';
    let last = 0;
    for (const token of tokenize(text)) {
      let length = 0;
      terms.forEach((term, i) => {
        const match = matchWord(term, token.word, i === terms.length - 1);
        if (match === 'prefix') length = Math.max(length, term.length);
        else if (match) length = token.end - token.start;
      });
      if (!length) continue;
      out += text.slice(last, token.start) + pre + text.slice(token.start, token.start + length) + post;
      last = token.start + length;
    }
    return out + text.slice(last);
  };
  const hits = slice.map(({ doc }) => {
    const visible = Object.fromEntries(Object.entries(doc).filter(([k]) => (!displayed || displayed.includes(k)) && (!retrieve || retrieve.includes(k))));
    if (!toHighlight.length && !body.attributesToCrop) return visible;
    const formatted: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(visible)) {
      const wanted = toHighlight.includes('*') || toHighlight.includes(k);
      formatted[k] = wanted && typeof v === 'string' ? highlight(v) : wanted && Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? highlight(x) : x)) : typeof v === 'number' ? String(v) : v;
    }
    return { ...visible, _formatted: formatted };
  });
  return { hits, query: q, processingTimeMs: Date.now() - started, ...meta, ...(facets.length ? { facetDistribution, facetStats: {} } : {}) };
}
