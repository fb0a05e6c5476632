/** The receipt as a PDF, drawn with pdfkit (standard fonts, so nothing to load from disk). Pure module. */
import PDFDocument from 'pdfkit';
import { describeReceipt, type ReceiptData } from './receipt';

/**
 * pdfkit's standard fonts use WinAnsi encoding: characters outside it would print as garbage, so
 * they are replaced (names can be in any script; the receipt number, amounts and dates stay exact).
 */
const winAnsi = (text: string) => text.replace(/−/g, '-').replace(/[–—]/g, '-').replace(/[^\x20-\x7e\u00a0-\u00ff€]/g, '?');

export function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  const r = describeReceipt(data);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Haven ${r.title}`, Author: 'Haven', Subject: `Receipt for payment ${data.paymentId}` } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 112;
  const line = (label: string, amount: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(11).text(winAnsi(label), 56, y, { width: width - 110 });
    const after = doc.y;
    doc.text(winAnsi(amount), 56 + width - 100, y, { width: 100, align: 'right' });
    doc.y = Math.max(after, doc.y) + 4;
    doc.x = 56;
  };

  doc.font('Helvetica-Bold').fontSize(20).text('Haven receipt');
  doc.moveDown(0.3).font('Helvetica').fontSize(12).text(winAnsi(r.status));
  doc.moveDown();
  for (const [label, value] of r.facts) {
    doc.font('Helvetica-Bold').fontSize(10).text(`${winAnsi(label)}: `, { continued: true }).font('Helvetica').text(winAnsi(value));
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(13).text('Sessions');
  doc.moveDown(0.3);
  for (const item of [...r.sessions, ...r.refunds]) line(item.label, item.amount);
  doc.moveTo(56, doc.y).lineTo(56 + width, doc.y).stroke();
  doc.moveDown(0.3);
  for (const [label, value] of r.totals) line(label, value, true);
  if (r.howToPay) {
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(winAnsi(`How to pay ${data.therapistName}`), 56, doc.y, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(11).text(winAnsi(r.howToPay.join('\n')), 56, doc.y, { width });
  }
  doc.moveDown(2).font('Helvetica').fontSize(9).fillColor('#4b5563').text(winAnsi(r.footer), 56, doc.y, { width });
  doc.end();
  return done;
}
