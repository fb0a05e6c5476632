/**
 * The demo's waiting therapist application comes with its licence document: a one-page PDF made
 * here (so the repository holds no binary), stored sealed through the applications plugin's contract.
 */
import type { Core } from '@strapi/strapi';
import { applications } from '@haven/plugin-applications/public';

/** A valid one-page PDF saying what it is: a demo licence, not a real one. */
export function demoLicencePdf(name: string, licenceNumber: string, jurisdiction: string, expiry: string): Buffer {
  // PDF strings escape backslashes and parentheses; the demo's names are plain text.
  const safe = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const lines = ['DEMO LICENCE (not a real document)', `Name: ${name}`, `Licence: ${licenceNumber}`, `Jurisdiction: ${jurisdiction}`, `Expires: ${expiry}`];
  const stream = `BT /F1 16 Tf 72 720 Td 22 TL ${lines.map((line) => `(${safe(line)}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export interface DemoApplicant {
  userId: number;
  displayName: string;
  licenceNumber: string;
  licenceJurisdiction: string;
  licenceExpiry: string;
}

/** Stores each waiting demo applicant's licence document; without a master key the demo goes on without it (logged). */
export async function seedApplicationDocuments(strapi: Core.Strapi, applicants: DemoApplicant[]): Promise<void> {
  for (const a of applicants) {
    try {
      await applications.storeDocument(a.userId, demoLicencePdf(a.displayName, a.licenceNumber, a.licenceJurisdiction, a.licenceExpiry), 'licence.pdf');
    } catch (err) {
      strapi.log.warn(`[seed] the licence document of ${a.displayName} was not stored: ${(err as Error).message}`);
    }
  }
}
