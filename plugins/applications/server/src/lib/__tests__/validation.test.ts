/** What staff and applicants may send, and that every check stays linear on long adversarial input. */
import { describe, expect, it } from 'vitest';
import { decisionBody, isoDay, listQuery } from '../validation';
import { acceptedFormat, storedName } from '../document-format';
import { decisionMail, expiryMail } from '../mails';

const N = 100_000;
const BUDGET_MS = 250;

function within<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
  return result;
}

describe('decision input', () => {
  it('takes a decision, a message and a reason, trimmed', () => {
    expect(decisionBody.parse({ decision: 'more-info', message: '  Please upload a scan.  ', reason: ' No document ' })).toEqual({ decision: 'more-info', message: 'Please upload a scan.', reason: 'No document' });
  });

  it.each([
    [{ decision: 'approve', message: 'Hi' }, 'reason'],
    [{ decision: 'approve', reason: 'ok' }, 'message'],
    [{ decision: 'approve', message: ' \n ', reason: 'ok' }, 'message'],
    [{ decision: 'verify', message: 'Hi', reason: 'ok' }, 'decision'],
    [{ decision: 'approve', message: 'Hi', reason: 'two\nlines' }, 'reason'],
    [{ decision: 'approve', message: 'x'.repeat(4001), reason: 'ok' }, 'message'],
    [{ decision: 'approve', message: 'Hi', reason: 'ok', extra: 1 }, ''],
  ])('refuses %j (%s)', (input, field) => {
    const result = decisionBody.safeParse(input);
    expect(result.success).toBe(false);
    if (field) expect(result.error?.issues.some((issue) => issue.path[0] === field)).toBe(true);
  });

  it('lists by a known tab, 20 to a page by default, at most 100', () => {
    expect(listQuery.parse({})).toEqual({ tab: 'waiting', page: 1, pageSize: 20 });
    expect(listQuery.parse({ tab: 'expiring', page: '3', pageSize: '100' })).toEqual({ tab: 'expiring', page: 3, pageSize: 100 });
    for (const bad of [{ tab: 'all' }, { pageSize: '101' }, { page: '0' }, { page: '1.5' }, { sort: 'name' }]) expect(listQuery.safeParse(bad).success).toBe(false);
  });

  it('reads calendar days only', () => {
    expect(isoDay.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2027-02-29', '2027-13-01', '27-01-01', '2027-01-01T00:00:00Z', '']) expect(isoDay.safeParse(bad).success).toBe(false);
  });
});

describe('licence documents', () => {
  it('accepts PDF, JPEG and PNG only', () => {
    expect(acceptedFormat('application/pdf')?.ext).toBe('pdf');
    expect(acceptedFormat('image/jpeg')?.ext).toBe('jpg');
    expect(acceptedFormat('image/png')?.ext).toBe('png');
    for (const other of ['image/gif', 'image/svg+xml', 'text/html', 'application/zip', undefined]) expect(acceptedFormat(other)).toBeNull();
  });

  it('names the stored file by what it is, from a tame version of the given name', () => {
    const pdf = acceptedFormat('application/pdf')!;
    expect(storedName('My licence (2026).exe', pdf)).toBe('My licence _2026_.pdf');
    expect(storedName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(storedName('C:\\scans\\licence.final.png', pdf)).toBe('licence_final.pdf');
    expect(storedName('"; rm -rf /', pdf)).toBe('licence.pdf');
    expect(storedName('"; rm -rf x', pdf)).toBe('__ rm -rf x.pdf');
    expect(storedName(null, pdf)).toBe('licence.pdf');
    expect(storedName('.', pdf)).toBe('licence.pdf');
    expect(storedName('a'.repeat(500), pdf)).toBe(`${'a'.repeat(80)}.pdf`);
  });
});

describe('mails', () => {
  it("carry staff's message and a link to the applicant's page", () => {
    const mail = decisionMail('a@b.example', 'reject', 'Not in the register.', 'https://haven.example/');
    expect(mail).toMatchObject({ to: 'a@b.example', subject: expect.stringMatching(/not approved/) });
    expect(mail.text).toContain('Not in the register.');
    expect(mail.text).toContain('https://haven.example/practice/application');
    expect(expiryMail('a@b.example', '2026-01-31', 'http://x').text).toContain('expired on 2026-01-31');
  });
});

describe('regular expressions on long input', () => {
  const long = ['a'.repeat(N), ' '.repeat(N), '.'.repeat(N), '1'.repeat(N) + '-', `${'-'.repeat(N)}x`];
  it.each(long.map((text, i) => [i, text]))('input %i stays within budget', (_i, text) => {
    within('isoDay', () => isoDay.safeParse(text));
    within('decision', () => decisionBody.safeParse({ decision: 'approve', message: text, reason: text }));
    within('storedName', () => storedName(text, acceptedFormat('image/png')!));
    within('decisionMail', () => decisionMail('a@b.example', 'approve', 'ok', `https://x.example${'/'.repeat(N)}`));
  });
});
