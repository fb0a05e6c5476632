/** Sanitised-HTML checks of the community content suite (community-content.test.ts): the XSS payloads and what safe output looks like. */
import { expect } from 'vitest';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a']);

export const XSS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '[click me](javascript:alert(1))',
  '[click me](JaVaScRiPt:alert(1))',
  '[click me](  javascript:alert(document.cookie) )',
  '[tab](java\tscript:alert(1))',
  '[vb](vbscript:msgbox(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![pixel](data:image/png;base64,iVBORw0KGgo=)',
  '![img](https://evil.example/x.png "title" onerror="alert(1)")',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="https://ok.example" onclick="alert(1)">link</a>',
  '<a href="javascript:alert(1)">link</a>',
  '[entity](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  '[entity2](javascript&#58;alert(1))',
  '[hex](&#x6A;avascript:alert(1))',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '[quote](https://example.com" onmouseover="alert(1))',
  '[proto](//evil.example/path)',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '`<script>alert(1)</script>` in code',
  '```\n<script>alert(1)</script>\n```',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<https://example.com/autolink>',
  'plain https://example.com/linkified?a=1&b=2',
];

const decode = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');

/** Asserts that HTML holds only allowed tags, no event handlers, safe hrefs and rel on every link. */
export function expectSafeHtml(html: string, label: string) {
  expect(html.toLowerCase(), label).not.toContain('<script');
  const tags = [...html.matchAll(/<\s*(\/?)\s*([a-z0-9-]+)([^>]*)>/gi)];
  for (const [whole, closing, name, rest] of tags) {
    expect(ALLOWED_TAGS.has(name.toLowerCase()), `${label}: tag ${whole}`).toBe(true);
    if (closing) continue;
    const attributes = [...rest.matchAll(/([^\s="'/]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)].map((m) => ({ name: m[1].toLowerCase(), value: (m[2] ?? '').replace(/^["']|["']$/g, '') }));
    for (const attribute of attributes) {
      expect(attribute.name.startsWith('on'), `${label}: event handler in ${whole}`).toBe(false);
      expect(name.toLowerCase() === 'a' && ['href', 'rel'].includes(attribute.name), `${label}: attribute ${attribute.name} in ${whole}`).toBe(true);
      const decoded = decode(attribute.value).replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      expect(decoded, `${label}: ${whole}`).not.toMatch(/^(javascript|vbscript|data):/);
      if (attribute.name === 'href') expect(decoded, `${label}: href ${attribute.value}`).toMatch(/^(https?:\/\/|mailto:)/);
    }
    if (name.toLowerCase() === 'a') expect(rest, `${label}: ${whole}`).toContain('rel="nofollow ugc noopener"');
  }
  expect(/javascript:|vbscript:|data:text/i.test(tags.map((t) => t[0]).join(' ')), `${label}: scheme in a tag`).toBe(false);
}
