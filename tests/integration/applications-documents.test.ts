import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, parseKeyring } from '@haven/shared/server/envelope';
import { ROOT, apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { QUIET } from './payments-helpers';
import { ADMIN, AUDIT_UID, DOCUMENT_UID, FILES, applicant, formWith, staffClient, type StaffClient } from './applications-helpers';

const MB = 1024 * 1024;
// Key 2 seals new documents; key 1 is kept so documents sealed before the rotation still open.
const [keyOld, keyNew] = [crypto.randomBytes(32).toString('base64'), crypto.randomBytes(32).toString('base64')];
const MASTER_KEYS = `2:${keyNew},1:${keyOld}`;

function rotateKeys(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'applications-rotate-key.mjs')], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Licence documents (issue 17, item 2): what a file is comes from its bytes (PDF, JPEG or PNG, at
 * most 5 MB), never from its name or declared type; it is sealed at rest, never under /uploads, and
 * read back only by its applicant and by staff holding the read permission, as an attachment; every
 * staff reading is in the audit log.
 */
describe('therapist applications: licence documents', () => {
  let haven: Haven;
  let api: ApiClient;
  let admin: StaffClient;
  let editor: StaffClient;

  beforeAll(async () => {
    haven = await startHaven({ env: { ...QUIET, APPLICATIONS_MASTER_KEYS: MASTER_KEYS } });
    api = apiClient(haven.url);
    [admin, editor] = await Promise.all([staffClient(haven, 'super-admin'), staffClient(haven, 'editor')]);
  });
  afterAll(async () => haven?.close());

  const upload = (form: FormData | unknown, jwt?: string) => api.post('/api/applications/mine/document', form, jwt);
  const documentsOf = (userId: number) => haven.strapi.db.query(DOCUMENT_UID).findMany({ where: { userId } });
  const readsOf = (profileId: string) => haven.strapi.db.query(AUDIT_UID).findMany({ where: { action: 'applications.document.read', targetId: profileId } });

  it('stores a PDF sealed, gives it back to its applicant and to staff as an attachment, to nobody else', async () => {
    const who = await applicant(haven);
    const bytes = FILES.pdf();
    const res = await upload(formWith(bytes, 'My licence (2026).pdf', 'application/pdf'), who.jwt);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.document).toMatchObject({ fileName: 'My licence _2026_.pdf', mime: 'application/pdf', size: bytes.length });

    const [row] = await documentsOf(who.id);
    // Sealed at rest: neither the bytes nor their base64 are in the row.
    expect(row.sealed).toMatch(/^hv1\./);
    expect(row.sealed).not.toContain(bytes.toString('base64').slice(0, 24));
    expect(JSON.stringify(row)).not.toContain('%PDF');

    for (const [path, token] of [
      ['/api/applications/mine/document', who.jwt],
      [`${ADMIN}/${who.therapistProfile.documentId}/document`, admin.token],
    ]) {
      const res = await fetch(haven.url + path, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="My licence _2026_.pdf"');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }

    // Nobody else: another therapist has none of their own, a client has no such route, an editor no permission, visitors no session.
    const other = await applicant(haven);
    const client = await createUser(haven, 'client');
    expect((await api.get('/api/applications/mine/document', other.jwt)).status).toBe(404);
    expect((await api.get('/api/applications/mine/document', client.jwt)).status).toBe(403);
    expect([401, 403]).toContain((await api.get('/api/applications/mine/document')).status);
    expect((await editor.api.get(`${ADMIN}/${who.therapistProfile.documentId}/document`)).status).toBe(403);
    expect((await api.get(`${ADMIN}/${who.therapistProfile.documentId}/document`, who.jwt)).status).toBe(401);
    expect((await admin.api.get(`${ADMIN}/${other.therapistProfile.documentId}/document`)).status).toBe(404);
    // Staff's reading is in the audit log (who, which application, from where); refused or missing reads leave nothing.
    const reads = await readsOf(who.therapistProfile.documentId);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorKind: 'admin', actorId: admin.id, targetType: 'applications.application', reason: 'Opened the licence document' });
    expect(reads[0].actorLabel).toEqual(expect.any(String));
    expect(reads[0].ip).toEqual(expect.any(String));
    expect(await readsOf(other.therapistProfile.documentId)).toHaveLength(0);
    // Not a media-library file: nothing under /uploads carries it.
    const files = await haven.strapi.db.query('plugin::upload.file').findMany({ where: { name: { $contains: 'licence' } } });
    expect(files).toHaveLength(0);

    // Replacing keeps one document per account; staff see the new one.
    const png = FILES.png();
    expect((await upload(formWith(png, 'scan.png', 'image/png'), who.jwt)).status).toBe(200);
    expect(await documentsOf(who.id)).toHaveLength(1);
    const detail = await admin.api.get(`${ADMIN}/${who.therapistProfile.documentId}`);
    expect(detail.body.data.document).toMatchObject({ fileName: 'scan.png', mime: 'image/png', size: png.length });
  });

  it('decides the type from the bytes: lying names and declared types are corrected, not trusted', async () => {
    const who = await applicant(haven);
    const png = await upload(formWith(FILES.png(), 'licence.pdf', 'application/pdf'), who.jwt);
    expect(png.status, JSON.stringify(png.body)).toBe(200);
    expect(png.body.data.document).toMatchObject({ fileName: 'licence.png', mime: 'image/png' });
    const jpeg = await upload(formWith(FILES.jpeg(), 'photo.html', 'text/html'), who.jwt);
    expect(jpeg.status, JSON.stringify(jpeg.body)).toBe(200);
    expect(jpeg.body.data.document).toMatchObject({ fileName: 'photo.jpg', mime: 'image/jpeg' });
    const pdf = await upload(formWith(FILES.pdf(), 'noextension', 'image/png'), who.jwt);
    expect(pdf.body.data.document).toMatchObject({ fileName: 'noextension.pdf', mime: 'application/pdf' });
  });

  it('refuses what is not a PDF, JPEG or PNG of at most 5 MB, and writes nothing', async () => {
    const who = await applicant(haven);
    const refused: [string, () => Promise<{ status: number; body: any }>, number][] = [
      ['text named .pdf, declared PDF', () => upload(formWith(FILES.text(), 'licence.pdf', 'application/pdf'), who.jwt), 400],
      ['HTML named .png, declared PNG', () => upload(formWith(FILES.html(), 'licence.png', 'image/png'), who.jwt), 400],
      ['SVG declared PNG', () => upload(formWith(FILES.svg(), 'licence.png', 'image/png'), who.jwt), 400],
      ['a real GIF (not accepted)', () => upload(formWith(FILES.gif(), 'licence.gif', 'image/gif'), who.jwt), 400],
      ['a Windows program named .pdf', () => upload(formWith(FILES.exe(), 'licence.pdf', 'application/pdf'), who.jwt), 400],
      ['a ZIP named .jpg', () => upload(formWith(FILES.zip(), 'licence.jpg', 'image/jpeg'), who.jwt), 400],
      ['an empty file', () => upload(formWith(Buffer.alloc(0), 'licence.pdf', 'application/pdf'), who.jwt), 400],
      ['a PDF one byte over 5 MB', () => upload(formWith(Buffer.concat([FILES.pdf(), Buffer.alloc(5 * MB + 1 - FILES.pdf().length, 32)]), 'big.pdf', 'application/pdf'), who.jwt), 413],
      ['8 MB, refused from Content-Length', () => upload(formWith(Buffer.concat([FILES.pdf(), Buffer.alloc(8 * MB)]), 'huge.pdf', 'application/pdf'), who.jwt), 413],
      ['the wrong field name', () => upload(formWith(FILES.pdf(), 'licence.pdf', 'application/pdf', 'avatar'), who.jwt), 400],
      ['JSON instead of a file', () => upload({ document: FILES.pdf().toString('base64') }, who.jwt), 400],
    ];
    for (const [what, send, status] of refused) {
      const res = await send();
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      if (status === 400 && what !== 'JSON instead of a file') expect(res.body.error.message, what).toMatch(/PDF, JPEG or PNG/);
    }
    expect(await documentsOf(who.id)).toHaveLength(0);
    expect((await api.get('/api/applications/mine', who.jwt)).body.data).toMatchObject({ status: 'pending', document: null });
    // Exactly 5 MB is fine.
    const edge = Buffer.concat([FILES.pdf(), Buffer.alloc(5 * MB - FILES.pdf().length, 32)]);
    expect((await upload(formWith(edge, 'edge.pdf', 'application/pdf'), who.jwt)).status).toBe(200);
    // A client (no application) cannot upload at all.
    const client = await createUser(haven, 'client');
    expect((await upload(formWith(FILES.pdf(), 'licence.pdf', 'application/pdf'), client.jwt)).status).toBe(403);
  });
  it('npm run applications:rotate-key re-wraps documents sealed under an older master key; they open the same, the sealed bytes untouched', async () => {
    const uploads = await Promise.all([FILES.pdf(), FILES.png(), FILES.jpeg()].map(async (bytes, i) => {
      const who = await applicant(haven);
      expect((await upload(formWith(bytes, `licence-${i}.bin`, 'application/octet-stream'), who.jwt)).status).toBe(200);
      return { who, bytes };
    }));
    // As if uploaded before key 2 was current: each document's data key wrapped again under key 1.
    const before = parseKeyring(`1:${keyOld},2:${keyNew}`);
    const older = createEnvelope(before, 'haven.applications');
    for (const { who } of uploads) {
      const [row] = await documentsOf(who.id);
      const wrapped = older.rewrap(`applicant:${who.id}`, { version: Number(row.keyVersion), wrapped: row.wrappedKey });
      expect(wrapped.version).toBe(1);
      await haven.strapi.db.query(DOCUMENT_UID).update({ where: { id: row.id }, data: { keyVersion: 1, wrappedKey: wrapped.wrapped } });
    }
    const sealedBefore = await Promise.all(uploads.map(async ({ who }) => (await documentsOf(who.id))[0].sealed));
    const opens = async () => {
      for (const { who, bytes } of uploads) {
        const res = await fetch(`${haven.url}/api/applications/mine/document`, { headers: { authorization: `Bearer ${who.jwt}` } });
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      }
    };
    await opens();

    const result = await rotateKeys({ ...haven.database.env, APPLICATIONS_MASTER_KEYS: MASTER_KEYS });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Re-wrapped 3 data keys');
    expect(result.stdout).toContain('0 left under an older key');
    for (const [i, { who }] of uploads.entries()) {
      const [row] = await documentsOf(who.id);
      expect(Number(row.keyVersion)).toBe(2);
      expect(row.sealed).toBe(sealedBefore[i]);
    }
    await opens();
  });
});
