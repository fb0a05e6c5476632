/** The printable receipt page: plain HTML and print CSS, no script. Pure module. */
import { describeReceipt, type ReceiptData } from './receipt';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

export function renderReceiptHtml(data: ReceiptData): string {
  const r = describeReceipt(data);
  const e = escapeHtml;
  const rows = (items: { label: string; amount: string }[]) => items.map((i) => `<tr><td>${e(i.label)}</td><td class="amount">${e(i.amount)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(r.title)} · Haven</title>
<style>
  body { font-family: system-ui, sans-serif; color: #1f2933; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; margin-bottom: 0.25rem; }
  dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 0.25rem 1rem; }
  dt { font-weight: 600; }
  /* Long values (the payment's id, a therapist's instructions) wrap instead of widening a phone's page. */
  dd, td { margin: 0; overflow-wrap: anywhere; }
  @media (max-width: 30rem) { dl { grid-template-columns: minmax(0, 1fr); } dt:not(:first-child) { margin-top: 0.5rem; } }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
  th, td { text-align: left; padding: 0.4rem 0; border-bottom: 1px solid #d2d6dc; vertical-align: top; }
  .amount { text-align: right; white-space: nowrap; }
  .status { display: inline-block; padding: 0.1rem 0.6rem; border: 1px solid #1f2933; border-radius: 1rem; }
  footer { margin-top: 2rem; font-size: 0.9rem; color: #4b5563; }
  @media print { body { margin: 0; } .no-print { display: none; } }
</style>
</head>
<body>
<main>
<h1>Haven receipt</h1>
<p class="status">${e(r.status)}</p>
<dl>${r.facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<table>
<caption>Sessions</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>${rows(r.sessions)}${rows(r.refunds)}</tbody>
<tfoot>${r.totals.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td class="amount">${e(v)}</td></tr>`).join('')}</tfoot>
</table>
${r.howToPay ? `<section aria-labelledby="how-to-pay"><h2 id="how-to-pay">How to pay ${e(data.therapistName)}</h2><p>${r.howToPay.map(e).join('<br>')}</p></section>` : ''}
<p class="no-print">Use your browser's print command to print this receipt or save it as a PDF.</p>
<footer>${e(r.footer)}</footer>
</main>
</body>
</html>
`;
}
