import { describe, expect, it } from 'vitest';
import { fromInstant, recordInput, searchQuery, untilInstant } from '../validation';

const staffAction = {
  actor: { kind: 'admin', id: 3, label: 'Ada Lovelace' },
  action: 'community.member.suspend',
  target: { type: 'community.member', id: 'Quiet Heron 42' },
  reason: 'Repeated harassment',
  ip: '203.0.113.9',
  details: { durationHours: 24, until: '2026-01-02T00:00:00.000Z' },
};

describe('audit record input', () => {
  it('accepts a staff action with its reason', () => {
    expect(recordInput.safeParse(staffAction).success).toBe(true);
  });

  it('requires a reason of staff, not of the system', () => {
    expect(recordInput.safeParse({ ...staffAction, reason: '' }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, reason: undefined }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, actor: { kind: 'system', label: 'Haven' }, reason: undefined }).success).toBe(true);
  });

  it('bounds every size and refuses nested or unnamed details', () => {
    expect(recordInput.safeParse({ ...staffAction, reason: 'x'.repeat(2001) }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, actor: { ...staffAction.actor, label: 'x'.repeat(201) } }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, details: { nested: { a: 1 } } }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, details: { note: 'x'.repeat(201) } }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, details: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, ip: '1'.repeat(65) }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, extra: true }).success).toBe(false);
  });

  it('takes dotted action and target names only', () => {
    expect(recordInput.safeParse({ ...staffAction, action: 'Refund!' }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, action: 'payments' }).success).toBe(false);
    expect(recordInput.safeParse({ ...staffAction, action: 'community.watched-word.add' }).success).toBe(true);
  });
});

describe('audit search query', () => {
  it('defaults to the first page of 25 and caps pages at 100', () => {
    expect(searchQuery.parse({})).toMatchObject({ page: 1, pageSize: 25 });
    expect(searchQuery.safeParse({ pageSize: '101' }).success).toBe(false);
    expect(searchQuery.safeParse({ q: 'x'.repeat(101) }).success).toBe(false);
    expect(searchQuery.safeParse({ unknown: '1' }).success).toBe(false);
  });

  it('reads dates as whole UTC days, the last one included', () => {
    const query = searchQuery.parse({ from: '2026-01-01', to: '2026-01-31' });
    expect(fromInstant(query.from!).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(untilInstant(query.to!).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(searchQuery.safeParse({ from: 'yesterday' }).success).toBe(false);
  });

  it('checks long adversarial input quickly (linear patterns)', () => {
    const started = performance.now();
    for (const text of ['a.'.repeat(5000), `${'a-'.repeat(5000)}!`, `2026-01-01T${'0'.repeat(5000)}`]) {
      recordInput.safeParse({ ...staffAction, action: text, target: { type: text, id: 'x' } });
      searchQuery.safeParse({ action: text, from: text, q: text });
    }
    expect(performance.now() - started).toBeLessThan(200);
  });
});
