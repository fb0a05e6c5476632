import { describe, expect, it } from 'vitest';
import { absoluteMediaUrl, highlightParts, libraryHref, parseLibraryParams, safeHighlightHtml, safeHttpUrl, searchQueryString, timeLabel, toggled } from '../library';

describe('/library query strings', () => {
  it('reads what it can and drops what cannot be right', () => {
    const state = parseLibraryParams(new URLSearchParams('q=  calm   sleep &category=Sleep,anxiety,not%20a%20slug&category=grief&kind=video,podcast&page=0'));
    expect(state).toEqual({ q: 'calm sleep', categories: ['sleep', 'anxiety', 'grief'], kinds: ['video'], page: 1 });
  });

  it('keeps at most 10 categories and pages 1 to 1000', () => {
    const many = Array.from({ length: 20 }, (_, i) => `c${i}`).join(',');
    expect(parseLibraryParams(new URLSearchParams(`category=${many}`)).categories).toHaveLength(10);
    expect(parseLibraryParams(new URLSearchParams('page=1001')).page).toBe(1);
    expect(parseLibraryParams(new URLSearchParams('page=7')).page).toBe(7);
  });

  it('writes the same format back, only what is set', () => {
    const state = { q: 'calm & sleep', categories: ['sleep', 'anxiety'], kinds: ['video' as const], page: 2 };
    const href = libraryHref(state);
    expect(href).toBe('/library?q=calm%20%26%20sleep&category=sleep,anxiety&kind=video&page=2');
    expect(parseLibraryParams(new URL(href, 'http://x').searchParams)).toEqual(state);
    expect(libraryHref({})).toBe('/library');
  });

  it('toggles a facet and goes back to the first page', () => {
    const state = { q: '', categories: ['sleep'], kinds: [], page: 3 };
    expect(toggled(state, 'categories', 'sleep')).toEqual({ q: '', categories: [], kinds: [], page: 1 });
    expect(toggled(state, 'kinds', 'audio')).toMatchObject({ kinds: ['audio'], page: 1 });
  });

  it('asks the CMS with a page size', () => {
    expect(searchQueryString({ q: 'calm', categories: [], kinds: [], page: 1 }, 5)).toBe('q=calm&page=1&pageSize=5');
  });
});

describe('highlights', () => {
  it('lets only <mark> through, escaping everything else again', () => {
    expect(safeHighlightHtml('a <mark>calm</mark> &lt;script&gt; <b>x</b>')).toBe('a <mark>calm</mark> &lt;script&gt; &lt;b&gt;x&lt;/b&gt;');
    expect(highlightParts('<mark>a</mark>b')).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: false },
    ]);
    expect(safeHighlightHtml(null)).toBe('');
  });
});

describe('small helpers', () => {
  it('labels reading and watching time', () => {
    expect(timeLabel('video', 8)).toBe('8 min watch');
    expect(timeLabel('audio', 10.4)).toBe('10 min listen');
    expect(timeLabel('article', 5)).toBe('5 min read');
    expect(timeLabel('article', 0)).toBeNull();
  });

  it('makes links only of http(s) addresses', () => {
    expect(safeHttpUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,x')).toBeNull();
  });

  it('makes media addresses absolute against the CMS, never protocol-relative', () => {
    expect(absoluteMediaUrl('/uploads/a.png', 'http://cms.example/')).toBe('http://cms.example/uploads/a.png');
    expect(absoluteMediaUrl('https://s3.example/a.png', 'http://cms.example')).toBe('https://s3.example/a.png');
    expect(absoluteMediaUrl('//evil.example/a.png', 'http://cms.example')).toBeNull();
  });
});
