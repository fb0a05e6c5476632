import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { createStaff, type Staff } from '../helpers/staff';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { carriesSecret, uploadSamples } from '../../scripts/security/cases.mjs';

const require = createRequire(import.meta.url);
const sharp = require('sharp');

type Sample = [string, string, string, Buffer, string];

/**
 * Issue 7, item 1: uploads are what their bytes say, only allowed formats pass, images are
 * re-encoded without metadata and named by their detected type, and everything under /uploads is
 * served so that it can never run as a page on the CMS origin.
 */
describe('uploads', () => {
  let haven: Haven;
  let samples: Sample[];
  let editor: Staff;
  const planted: string[] = [];

  beforeAll(async () => {
    haven = await startHaven();
    samples = await uploadSamples();
    editor = await createStaff(haven, 'editor');
  });
  afterAll(async () => {
    for (const file of planted) fs.rmSync(file, { force: true });
    await haven?.close();
  });

  const fileCount = () => haven.strapi.db.query('plugin::upload.file').count();

  async function checkServed(url: string, format: string) {
    const res = await fetch(haven.url + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(carriesSecret(bytes)).toBe(false);
    if (format === 'pdf') {
      expect(res.headers.get('content-disposition')).toBe('attachment');
      return;
    }
    expect(res.headers.get('content-disposition')).toBeNull();
    const expectedType = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' }[format];
    expect(res.headers.get('content-type')).toBe(expectedType);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe(format === 'jpg' ? 'jpeg' : format);
    expect(meta.exif).toBeUndefined();
  }

  it('accepts an avatar only when its bytes are an allowed image, and re-encodes it without metadata', async () => {
    const user = await createUser(haven, 'client');
    const api = apiClient(haven.url);
    for (const [label, filename, declared, bytes, expected] of samples) {
      const wanted = expected === 'pdf' ? 'reject' : expected;
      const before = await fileCount();
      const form = new FormData();
      form.append('avatar', new Blob([bytes], { type: declared }), filename);
      const res = await api.post('/api/profiles/me/avatar', form, user.jwt);
      if (wanted === 'reject') {
        expect(res.status, label).toBe(400);
        expect(res.body.error.message, label).toMatch(/PNG, JPEG, WebP or GIF|damaged|too large/);
        expect(await fileCount(), label).toBe(before);
        continue;
      }
      expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(200);
      const url: string = res.body.data.avatarUrl;
      expect(url, label).toMatch(new RegExp(`^/uploads/[A-Za-z0-9_-]+\\.${wanted}$`));
      await checkServed(url, wanted);
    }
  });

  it('screens media-library uploads by editors the same way (PDFs allowed there, served as downloads)', async () => {
    for (const [label, filename, declared, bytes, expected] of samples) {
      const before = await fileCount();
      const form = new FormData();
      form.append('files', new Blob([bytes], { type: declared }), filename);
      const res = await fetch(`${haven.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: form });
      const body = await res.json();
      if (expected === 'reject') {
        expect(res.status, label).toBe(400);
        expect(await fileCount(), label).toBe(before);
        continue;
      }
      expect(res.status, `${label}: ${JSON.stringify(body)}`).toBe(201);
      const [file] = body;
      expect(file.ext, label).toBe(`.${expected}`);
      expect(file.url, label).toMatch(new RegExp(`\\.${expected}$`));
      expect(file.mime, label).toBe({ png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', pdf: 'application/pdf' }[expected]);
      await checkServed(file.url, expected);
    }
  });

  it('screens files given to the upload service directly, without the upload routes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-upload-'));
    try {
      const service = haven.strapi.plugin('upload').service('upload');
      const html = path.join(dir, 'direct');
      fs.writeFileSync(html, '<html><script>alert(1)</script></html>');
      const before = await fileCount();
      await expect(service.upload({ data: {}, files: { filepath: html, originalFilename: 'x.html', mimetype: 'image/png', size: 40 } })).rejects.toThrow(/not accepted/);
      expect(await fileCount()).toBe(before);

      const png = path.join(dir, 'direct-png');
      fs.writeFileSync(png, samples.find(([label]) => label === 'a real PNG named .html')![3]);
      const [stored] = await service.upload({ data: {}, files: { filepath: png, originalFilename: 'page.html', mimetype: 'text/html', size: fs.statSync(png).size } });
      expect(stored.ext).toBe('.png');
      expect(stored.mime).toBe('image/png');
      await checkServed(stored.url, 'png');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to replace a media-library file with something that is not allowed', async () => {
    const form = new FormData();
    form.append('files', new Blob([samples.find(([label]) => label === 'a real GIF')![3]], { type: 'image/gif' }), 'a.gif');
    const created = await fetch(`${haven.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: form });
    const [file] = await created.json();
    for (const label of ['HTML declared as a PNG', 'SVG declared as SVG']) {
      const [, filename, declared, bytes] = samples.find(([name]) => name === label)!;
      const replace = new FormData();
      replace.append('files', new Blob([bytes], { type: declared }), filename);
      const res = await fetch(`${haven.url}/upload?id=${file.id}`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: replace });
      expect(res.status, label).toBe(400);
    }
    const served = await fetch(haven.url + file.url);
    expect(served.headers.get('content-type')).toBe('image/gif');
  });

  it('serves files that are not images as downloads with no active content, SVG and HTML included', async () => {
    const uploads = path.join(ROOT, 'cms', 'public', 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    const cases: [string, string][] = [
      ['html', '<html><script>alert(1)</script></html>'],
      ['htm', '<script>alert(1)</script>'],
      ['svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
      ['xml', '<?xml version="1.0"?><x/>'],
      ['js', 'alert(1)'],
      ['pdf', '%PDF-1.4'],
      ['txt', 'hello'],
      ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ];
    for (const [ext, content] of cases) {
      const name = `legacy-${crypto.randomBytes(4).toString('hex')}.${ext}`;
      const file = path.join(uploads, name);
      fs.writeFileSync(file, content);
      planted.push(file);
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${haven.url}/uploads/${name}`, { method });
        expect(res.status, `${method} ${ext}`).toBe(200);
        expect(res.headers.get('content-disposition'), ext).toBe('attachment');
        expect(res.headers.get('x-content-type-options'), ext).toBe('nosniff');
        expect(res.headers.get('content-security-policy'), ext).toContain('sandbox');
        if (ext !== 'pdf') expect(res.headers.get('content-type'), ext).toBe('application/octet-stream');
        await res.arrayBuffer();
      }
    }
  });
});
