import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReceiptData } from '../receipt';
import { renderReceiptHtml } from '../receipt-html';
import { renderReceiptPdf } from '../receipt-pdf';

const base: ReceiptData = {
  paymentId: 'abc123def456',
  status: 'partially_refunded',
  provider: 'stripe',
  waived: false,
  amountMinor: 18000,
  refundedMinor: 9000,
  currency: 'USD',
  createdAt: '2026-03-01T09:00:00.000Z',
  paidAt: '2026-03-01T09:05:00.000Z',
  payerName: 'Alex <script>alert(1)</script>',
  therapistName: 'Dr. Maria Rivera',
  sessions: [
    { startsAt: '2026-03-10T14:00:00.000Z', endsAt: '2026-03-10T14:50:00.000Z', amountMinor: 9000, bookingStatus: 'confirmed' },
    { startsAt: '2026-03-17T14:00:00.000Z', endsAt: '2026-03-17T14:50:00.000Z', amountMinor: 9000, bookingStatus: 'cancelled' },
  ],
  refunds: [
    { createdAt: '2026-03-02T10:00:00.000Z', amountMinor: 9000, reason: 'Cancelled by the client', status: 'succeeded' },
    { createdAt: '2026-03-03T10:00:00.000Z', amountMinor: 100, reason: 'refused', status: 'failed' },
  ],
  note: null,
  instructions: null,
  timeZone: 'Europe/Berlin',
  issuedAt: '2026-03-04T08:00:00.000Z',
};

/** Text of pdfkit's (deflated) content streams, read back from their hex strings. */
function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let text: string;
    try {
      text = zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const op of text.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [op[2]];
      out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n');
}

describe('receipts', () => {
  it('the printable page says who, what, when (in the reader\'s zone), how much, refunds and status, escaped', () => {
    const html = renderReceiptHtml(base);
    for (const text of ['abc123def456', 'Dr. Maria Rivera', 'Partly refunded', 'Card (Stripe)', '10 Mar 2026, 15:00–15:50 (confirmed)', '17 Mar 2026, 15:00–15:50 (cancelled)', '$180.00', '−$90.00', 'Cancelled by the client', 'Times are in Europe/Berlin']) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Alex &lt;script&gt;');
    expect(html).not.toContain('refused');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it('a waived payment says so', () => {
    expect(renderReceiptHtml({ ...base, status: 'succeeded', waived: true, refundedMinor: 0, refunds: [] })).toContain('Waived by the therapist');
  });

  it('the PDF carries the same facts', async () => {
    const pdf = await renderReceiptPdf(base);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const part of ['Haven receipt', 'abc123def456', 'Dr. Maria Rivera', 'Partly refunded', '$180.00', '-$90.00', 'Kept', 'Europe/Berlin']) expect(text).toContain(part);
  });
});
