import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, ROOT, startHaven, type ApiClient, type Haven } from '../helpers/haven';

/**
 * Media on S3: with S3_BUCKET set, uploads go through @strapi/provider-upload-aws-s3 to the bucket
 * (here s3rver, an S3-compatible server on loopback: no real S3 can be reached) and their URLs
 * point there; nothing lands in the local uploads folder.
 */
const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const sharp = require(require.resolve('sharp', { paths: [path.join(ROOT, 'node_modules', '@strapi', 'upload')] }));
const { S3Client, ListObjectsV2Command, GetObjectCommand } = require('@aws-sdk/client-s3');

const BUCKET = 'haven-media';
const ROOT_PATH = 'media';

describe('uploads on S3', () => {
  let s3rver: any;
  let s3: any;
  let endpoint: string;
  let dir: string;
  let haven: Haven;
  let api: ApiClient;

  const keys = async (): Promise<string[]> => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (listed.Contents ?? []).map((o: any) => o.Key).sort();
  };
  const object = async (key: string) => {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { bytes: Buffer.from(await got.Body.transformToByteArray()), type: got.ContentType as string };
  };
  /** The local provider's folder (other test files may write there at the same time: look for our own files only). */
  const localUploads = () => {
    const folder = path.join(ROOT, 'cms', 'public', 'uploads');
    return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  };
  const avatarForm = (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('avatar', new Blob([bytes], { type: 'image/png' }), name);
    return form;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-s3rver-'));
    s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
    const { port } = await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    haven = await startHaven({
      env: {
        S3_BUCKET: BUCKET,
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: endpoint,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ROOT_PATH: ROOT_PATH,
        S3_BASE_URL: '',
        S3_ACL: '',
      },
    });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    await haven?.close();
    s3?.destroy();
    await s3rver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('configures the aws-s3 upload provider from S3_* variables', () => {
    const config = haven.strapi.config.get('plugin::upload');
    expect(config.provider).toBe('aws-s3');
    expect(config.providerOptions.s3Options).toMatchObject({ region: 'us-east-1', endpoint, forcePathStyle: true, params: { Bucket: BUCKET } });
    expect(config.providerOptions.rootPath).toBe(ROOT_PATH);
  });

  it('lets the admin panel show media from the bucket: the CSP allows images and media from the S3 origin', async () => {
    const res = await fetch(`${haven.url}/_health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => (csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name) ?? []).slice(1);
    expect(directive('img-src')).toContain(endpoint);
    expect(directive('media-src')).toContain(endpoint);
  });

  it('stores an avatar in the bucket, serves it from there, and removes the old one when it is replaced', async () => {
    const user = await createUser(haven, 'client');
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 40, g: 120, b: 200, alpha: 1 } } }).png().toBuffer();
    const res = await api.post('/api/profiles/me/avatar', avatarForm(png, 'me.png'), user.jwt);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url: string = res.body.data.avatarUrl;
    expect(url).toMatch(new RegExp(`^${endpoint}/${BUCKET}/${ROOT_PATH}/[\\w-]+\\.png$`));
    const key = new URL(url).pathname.slice(`/${BUCKET}/`.length);

    // The object is in the bucket: the uploaded picture (Strapi re-encodes images losslessly to make
    // them smaller, so compare pixels, not bytes), with its type…
    expect(await keys()).toContain(key);
    const stored = await object(key);
    expect(await pixels(stored.bytes)).toEqual(await pixels(png));
    expect(stored.type).toBe('image/png');
    // …and the URL Haven hands out serves exactly the bytes in the bucket.
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(stored.bytes)).toBe(true);
    // …the media library row points there, and nothing was written to the local uploads folder.
    const file = await haven.strapi.db.query('plugin::upload.file').findOne({ where: { url } });
    expect(file).toMatchObject({ provider: 'aws-s3', mime: 'image/png', ext: '.png' });
    expect(localUploads().filter((name) => name.includes(file.hash))).toEqual([]);

    // A new avatar replaces the old one: the old object is deleted from the bucket.
    const second = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 200, g: 60, b: 60, alpha: 1 } } }).png().toBuffer();
    const again = await api.post('/api/profiles/me/avatar', avatarForm(second, 'me-again.png'), user.jwt);
    expect(again.status).toBe(200);
    const newKey = new URL(again.body.data.avatarUrl).pathname.slice(`/${BUCKET}/`.length);
    const now = await keys();
    expect(now).toContain(newKey);
    expect(now).not.toContain(key);
    expect(await pixels((await object(newKey)).bytes)).toEqual(await pixels(second));
  });

  it('puts every generated format of a large image in the bucket too', async () => {
    const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 10, g: 160, b: 90 } } }).png().toBuffer();
    const [uploaded] = await haven.strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { alternativeText: 'A calm green field' } }, files: { filepath: await tempFile(image, 'cover.png'), originalFilename: 'cover.png', mimetype: 'image/png', size: image.length } });
    const formats = Object.values(uploaded.formats ?? {}) as any[];
    expect(formats.map((f) => f.name.split('_')[0]).sort()).toEqual(expect.arrayContaining(['thumbnail', 'small']));
    const inBucket = await keys();
    for (const { url, width, height } of [uploaded, ...formats]) {
      expect(url.startsWith(`${endpoint}/${BUCKET}/${ROOT_PATH}/`), url).toBe(true);
      const key = new URL(url).pathname.slice(`/${BUCKET}/`.length);
      expect(inBucket).toContain(key);
      const served = await fetch(url);
      expect(served.status, url).toBe(200);
      const bytes = Buffer.from(await served.arrayBuffer());
      expect(bytes.equals((await object(key)).bytes), url).toBe(true);
      expect(await sharp(bytes).metadata(), url).toMatchObject({ width, height });
    }
    expect(await pixels((await object(new URL(uploaded.url).pathname.slice(`/${BUCKET}/`.length))).bytes)).toEqual(await pixels(image));
  });
});

/** Decoded RGBA pixels and size of an image: equal for two encodings of the same picture. */
async function pixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, sha: require('node:crypto').createHash('sha256').update(data).digest('hex') };
}

async function tempFile(bytes: Buffer, name: string): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-upload-'));
  const file = path.join(folder, name);
  fs.writeFileSync(file, bytes);
  return file;
}
