/**
 * Attack cases shared by `npm run audit:security` and the security tests: each list holds the
 * spellings, encodings and files that were tried against Haven (issue 7), so the standing audit and
 * the test suite cannot drift apart.
 */
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// ---- 4. Open redirects -------------------------------------------------------------------------

/** `next=` values that must never send a browser away from the site. */
export const NEXT_BYPASSES = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/.//evil.example',
  '/./evil.example/..//evil.example',
  '/..//evil.example',
  '/a/..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/ /evil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '\t//evil.example',
  ' //evil.example',
  'https://evil.example',
  'http://evil.example/profile',
  'HTTPS://evil.example',
  'https:evil.example',
  'https:/evil.example',
  '//evil.example@localhost',
  'evil.example',
  '.evil.example',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/%2f..',
  '//%65vil.example',
  '//evil%2Eexample',
  '/\\\\evil.example',
  '/%5C%5Cevil.example/../..//evil.example',
  'http:\\\\evil.example',
  '//evil.example\\@localhost',
  '/login',
  '/logout',
  '/signup?x=1',
  '/LOGIN',
  '',
  'x'.repeat(5000),
];

/** `next=` values that are ordinary paths on the site, with what they come back as. */
export const NEXT_ALLOWED = [
  ['/profile', '/profile'],
  ['/community/posts/abc123?sort=new', '/community/posts/abc123?sort=new'],
  ['/library?q=sleep#results', '/library?q=sleep#results'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/therapists/../profile', '/profile'],
  ['/@evil', '/@evil'],
];

// ---- 9. Hostile query strings on stock content-API routes -------------------------------------

export const HOSTILE_QUERIES = [
  'filters[id][$between]=1',
  'filters[id][$between][0]=1',
  'filters[id][$between][0]=1&filters[id][$between][1]=2&filters[id][$between][2]=3',
  'filters[$and]=1',
  'filters[$or]=x',
  'filters[$and][0]=1',
  'filters[$not]=1',
  'filters[0]=1',
  'filters[]=1',
  'filters=1',
  'filters[title][$eq][$eq]=x',
  'filters[title][$in]=x',
  'filters[title][$in][a]=1',
  'filters[title][$null]=maybe',
  'filters[title][$regex]=.*',
  'filters[title][$unknown]=1',
  'filters[nope]=1',
  'filters[$eq]=1',
  'filters[title][0][0]=1',
  'filters[categories][$between]=1',
  'filters[categories][slug][$eq][$ne]=x',
  'pagination[start]=1e20',
  'pagination[start]=-1',
  'pagination[limit]=1e308',
  'pagination[page]=0',
  'pagination[page]=abc',
  'pagination[pageSize]=99999999999999999999',
  'pagination[page][$gt]=1',
  'pagination=1',
  'pagination[nope]=1',
  '_q[$ne]=1',
  '_q[]=1',
  '_q=' + 'a'.repeat(300),
  'sort[$eq]=1',
  'sort[0][0][0]=1',
  'fields[0][$ne]=1',
  'populate[categories][filters][$and]=1',
  'populate[categories][populate][x][filters][0]=1',
  'populate[categories][bogus]=1',
  'populate[0][0]=1',
  'locale[$ne]=1',
  'unknown=1',
  `filters${'[a]'.repeat(30)}=1`,
];

/** Query strings that must keep answering 200 with published content only. */
export const DRAFT_QUERIES = [
  'status=draft',
  'status=DRAFT',
  'status[]=draft',
  'status=draft&hasPublishedVersion=false',
  'publicationState=preview',
  'status=draft&populate=*',
  'populate[categories][status]=draft',
  'status[$ne]=draft',
  'status[0]=draft&status[1]=published',
  'status=draft&filters[publishedAt][$null]=true',
];

// ---- 2. Passwords ------------------------------------------------------------------------------

/** Password values (as they arrive after JSON parsing) that must be refused before any hashing. */
export const BAD_PASSWORDS = [
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udfff'],
  ['a lone surrogate inside text', 'Corr3ct-horse\ud800battery'],
  ['reversed surrogates', '\udc00\ud800'],
  ['a surrogate at the end', 'Str0ng-Passw0rd!\udbff'],
  ['129 characters', 'Aa1!'.repeat(32) + 'x'],
  ['100,000 characters', 'x'.repeat(100_000)],
  ['a number', 12345678],
  ['an array', ['Str0ng-Passw0rd!']],
  ['an object', { $ne: null }],
  ['true', true],
];

// ---- 9. Bodies the parsers must refuse with a 4xx ---------------------------------------------

/** Raw request bodies for POST routes: [label, headers, body bytes]. */
export function badBodies() {
  const deepArray = '['.repeat(3000) + ']'.repeat(3000);
  const deepObject = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
  return [
    ['no body', {}, undefined],
    ['an empty JSON body', { 'content-type': 'application/json' }, ''],
    ['a text body', { 'content-type': 'text/plain' }, 'hello'],
    ['JSON null', { 'content-type': 'application/json' }, 'null'],
    ['a JSON string', { 'content-type': 'application/json' }, '"x"'],
    ['a JSON array', { 'content-type': 'application/json' }, '[1,2,3]'],
    ['broken JSON', { 'content-type': 'application/json' }, '{"identifier":'],
    ['JSON with a BOM and garbage', { 'content-type': 'application/json' }, '\ufeff{{{'],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'identifier=a&password=b'],
    ['XML', { 'content-type': 'application/xml' }, '<a/>'],
    ['JSON nested 3,000 deep (arrays)', { 'content-type': 'application/json' }, deepArray],
    ['JSON nested 3,000 deep (objects)', { 'content-type': 'application/json' }, deepObject],
    ['a __proto__ key', { 'content-type': 'application/json' }, '{"__proto__":{"admin":true},"identifier":"a","password":"b"}'],
    ['gzip garbage', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'this is not gzip'],
    ['br garbage', { 'content-type': 'application/json', 'content-encoding': 'br' }, 'this is not brotli'],
    ['deflate garbage', { 'content-type': 'application/json', 'content-encoding': 'deflate' }, 'nope'],
    ['truncated gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, zlib.gzipSync('{"identifier":"a","password":"b"}').subarray(0, 12)],
    ['an unknown encoding', { 'content-type': 'application/json', 'content-encoding': 'zstd-9000' }, '{}'],
    ['stacked encodings', { 'content-type': 'application/json', 'content-encoding': 'gzip, gzip' }, zlib.gzipSync(zlib.gzipSync('{}'))],
    ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'abc'],
    ['truncated multipart', { 'content-type': 'multipart/form-data; boundary=XX' }, '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc'],
    ['multipart with a wrong boundary', { 'content-type': 'multipart/form-data; boundary=YY' }, '--XX\r\n\r\n--XX--'],
    ['a Content-Length that lies (too short)', { 'content-type': 'application/json', 'content-length': '2' }, '{"identifier":"a"}'],
    ['a Content-Length that is not a number', { 'content-type': 'application/json', 'content-length': 'abc' }, '{}'],
    ['a chunked body', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, '{}'],
    ['a 1 MB JSON body', { 'content-type': 'application/json' }, JSON.stringify({ identifier: 'a', password: 'b', pad: 'x'.repeat(1024 * 1024) })],
  ];
}

// ---- 1. Uploads ---------------------------------------------------------------------------------

/**
 * Files to upload: [label, filename, declared type, bytes, expected]. `expected` is `reject`, or
 * the format the stored file must have (`png`, `jpg`, `webp`, `gif`, `pdf`).
 * @returns {Promise<[string, string, string, Buffer, string][]>}
 */
export async function uploadSamples() {
  const sharp = require('sharp');
  const base = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#4477aa' } });
  const secret = { IFD0: { ImageDescription: 'HAVEN-SECRET-PLACE', Copyright: 'HAVEN-SECRET-PLACE' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 53/1 51/1', GPSLongitudeRef: 'W', GPSLongitude: '77/1 2/1 11/1' } };
  const png = await base().png().withExif(secret).toBuffer();
  const jpg = await base().jpeg().withExif(secret).toBuffer();
  const webp = await base().webp().withExif(secret).toBuffer();
  const gif = await base().gif().toBuffer();
  const html = Buffer.from('<!doctype html><html><body><script>fetch("/admin/users/me")</script></body></html>');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script></svg>');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const big = await sharp({ create: { width: 9000, height: 6000, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer();
  return [
    ['HTML declared as a PNG', 'a.html', 'image/png', html, 'reject'],
    ['HTML named .png', 'avatar.png', 'image/png', html, 'reject'],
    ['SVG with script declared as a PNG', 'a.png', 'image/png', svg, 'reject'],
    ['SVG declared as SVG', 'a.svg', 'image/svg+xml', svg, 'reject'],
    ['an XML prolog with HTML', 'a.gif', 'image/gif', Buffer.from('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'), 'reject'],
    ['a GIF header followed by HTML', 'a.gif', 'image/gif', Buffer.concat([Buffer.from('GIF89a'), html]), 'reject'],
    ['a PNG signature followed by HTML', 'a.png', 'image/png', Buffer.concat([png.subarray(0, 8), html]), 'reject'],
    ['a truncated PNG', 'a.png', 'image/png', png.subarray(0, Math.floor(png.length / 2)), 'reject'],
    ['plain text', 'a.txt', 'text/plain', Buffer.from('hello'), 'reject'],
    ['a JavaScript file declared as a JPEG', 'a.jpg', 'image/jpeg', Buffer.from('alert(document.cookie)'), 'reject'],
    ['an empty file', 'a.png', 'image/png', Buffer.alloc(0), 'reject'],
    ['a ZIP declared as a PNG', 'a.png', 'image/png', Buffer.from('504b0304140000000800', 'hex'), 'reject'],
    ['a 54-megapixel image (decompression bomb)', 'big.png', 'image/png', big, 'reject'],
    ['a real PNG with EXIF', 'me.png', 'image/png', png, 'png'],
    ['a real JPEG with GPS EXIF', 'holiday.jpg', 'image/jpeg', jpg, 'jpg'],
    ['a real WebP with EXIF', 'me.webp', 'image/webp', webp, 'webp'],
    ['a real GIF', 'me.gif', 'image/gif', gif, 'gif'],
    ['a real PNG named .html', 'a.html', 'text/html', png, 'png'],
    ['a real JPEG declared as a PNG', 'a.png', 'image/png', jpg, 'jpg'],
    ['a real PNG followed by HTML', 'tail.png', 'image/png', Buffer.concat([png, html]), 'png'],
    ['a real JPEG with a hostile name', '../../<script>x</script>.jpg', 'image/jpeg', jpg, 'jpg'],
    ['a PDF (library media only)', 'worksheet.pdf', 'application/pdf', pdf, 'pdf'],
  ];
}

/** Whether stored bytes still carry the EXIF marker planted in uploadSamples(). */
export const carriesSecret = (bytes) => Buffer.from(bytes).includes('HAVEN-SECRET-PLACE');
