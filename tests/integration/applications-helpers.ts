/** Set-up shared by the therapist applications suites: applicants in a given state, staff clients, files. */
import crypto from 'node:crypto';
import { apiClient, createUser, type ApiClient, type Haven } from '../helpers/haven';
import { createStaff, type Staff } from '../helpers/staff';

export const PROFILE_UID = 'api::therapist-profile.therapist-profile';
export const DECISION_UID = 'plugin::applications.decision';
export const DOCUMENT_UID = 'plugin::applications.document';
export const AUDIT_UID = 'plugin::audit.entry';
export const ADMIN = '/applications/applications';

export type Applicant = Awaited<ReturnType<typeof createUser>>;

/** 'YYYY-MM-DD', `days` from today (UTC). */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A therapist applicant, then their profile's fields changed directly (licence, expiry, status). */
export async function applicant(haven: Haven, fields: Record<string, unknown> = {}): Promise<Applicant> {
  const user = await createUser(haven, 'therapist');
  if (Object.keys(fields).length) await haven.strapi.db.query(PROFILE_UID).update({ where: { documentId: user.therapistProfile.documentId }, data: fields });
  return user;
}

export interface StaffClient extends Staff {
  api: ApiClient;
}

export async function staffClient(haven: Haven, role: 'super-admin' | 'editor' | 'moderator'): Promise<StaffClient> {
  const staff = await createStaff(haven, role);
  return { ...staff, api: apiClient(haven.url, { authorization: `Bearer ${staff.token}` }) };
}

/** How the database stands for one application: status, decisions and audit entries (nothing-written checks). */
export async function footprint(haven: Haven, profileId: string) {
  const profile = await haven.strapi.db.query(PROFILE_UID).findOne({ where: { documentId: profileId }, select: ['verificationStatus', 'verifiedAt', 'verifiedBy'] });
  const decisions = await haven.strapi.db.query(DECISION_UID).count({ where: { profileId } });
  const audits = await haven.strapi.db.query(AUDIT_UID).count({ where: { targetId: profileId } });
  return { profile, decisions, audits };
}

/** One PNG chunk: length, type, data and a CRC (its value is not checked by the sniffer). */
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};

/** Bytes that are really a PDF, a PNG, a JPEG (enough for a sniffer) and a few that are not. */
export const FILES = {
  pdf: () => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${crypto.randomBytes(8).toString('hex')}\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
  // Whole chunks (IHDR, IEND): the sniffer walks a PNG's chunks, so random bytes after the signature could read as a broken file.
  png: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])), chunk('IEND', Buffer.alloc(0))]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(9, 1), Buffer.from([0xff, 0xd9])]),
  gif: () => Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), crypto.randomBytes(16)]),
  html: () => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
  svg: () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
  text: () => Buffer.from('This is my licence, honestly.\n'),
  exe: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), crypto.randomBytes(64)]),
  zip: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), crypto.randomBytes(64)]),
};

/** A multipart body holding one file under `field`, with the name and type the client claims. */
export function formWith(bytes: Buffer, name: string, declaredType: string, field = 'document'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type: declaredType }), name);
  return form;
}
