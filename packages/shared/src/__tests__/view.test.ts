import { describe, expect, expectTypeOf, it } from 'vitest';
import { publicView, type ViewOf } from '../view';

interface TherapistRow {
  id: string;
  displayName: string;
  verified: boolean;
  bio?: string;
  photoUrl: string | null;
  email: string;
  licenceNumber: string;
  userId: number;
}

const therapistCard = publicView<TherapistRow>()('id', 'displayName', 'verified', 'bio', 'photoUrl');

const row = (extra: Partial<TherapistRow> = {}): TherapistRow => ({
  id: 'abc123',
  displayName: 'Dr Ada',
  verified: true,
  photoUrl: null,
  email: 'ada@example.test',
  licenceNumber: 'LIC-1',
  userId: 7,
  ...extra,
});

describe('publicView', () => {
  it('lists its fields in order, frozen', () => {
    expect(therapistCard.fields).toEqual(['id', 'displayName', 'verified', 'bio', 'photoUrl']);
    expect(Object.isFrozen(therapistCard.fields)).toBe(true);
  });

  it('copies exactly the named fields; private and unknown keys never pass', () => {
    const source = Object.assign(row({ bio: 'Hi' }), { password: 'x', resetPasswordToken: 'y' });
    const card = therapistCard.pick(source);
    expect(card).toEqual({ id: 'abc123', displayName: 'Dr Ada', verified: true, bio: 'Hi', photoUrl: null });
    expect(Object.keys(card).sort()).toEqual(['bio', 'displayName', 'id', 'photoUrl', 'verified']);
    expect(JSON.stringify(card)).not.toMatch(/email|licence|userId|password|Token/);
  });

  it('returns a new object and leaves the source alone', () => {
    const source = row();
    const card = therapistCard.pick(source);
    expect(card).not.toBe(source);
    expect(source.email).toBe('ada@example.test');
  });

  it('leaves a missing optional field absent (not undefined-valued)', () => {
    const card = therapistCard.pick(row());
    expect('bio' in card).toBe(false);
  });

  it('keeps null field values as null', () => {
    expect(therapistCard.pick(row()).photoUrl).toBeNull();
  });

  it('passes null and undefined sources through', () => {
    expect(therapistCard.pick(null)).toBeNull();
    expect(therapistCard.pick(undefined)).toBeUndefined();
  });

  it('ignores inherited properties: only the source’s own fields are copied', () => {
    const source = Object.create({ displayName: 'from prototype' }) as TherapistRow;
    source.id = 'x';
    expect(therapistCard.pick(source)).toEqual({ id: 'x' });
  });

  it('picks every item of a list into a new array', () => {
    const list = [row({ id: 'a' }), row({ id: 'b', bio: 'B' })];
    const cards = therapistCard.pickAll(list);
    expect(cards).toEqual([
      { id: 'a', displayName: 'Dr Ada', verified: true, photoUrl: null },
      { id: 'b', displayName: 'Dr Ada', verified: true, bio: 'B', photoUrl: null },
    ]);
    expect(cards).not.toBe(list);
    expect(therapistCard.pickAll([])).toEqual([]);
  });

  it('names a field once even when listed twice', () => {
    expect(publicView<TherapistRow>()('id', 'id').fields).toEqual(['id']);
  });

  it('types the result as Pick of the source', () => {
    type Card = ViewOf<typeof therapistCard>;
    expectTypeOf<Card>().toEqualTypeOf<Pick<TherapistRow, 'id' | 'displayName' | 'verified' | 'bio' | 'photoUrl'>>();
    expectTypeOf(therapistCard.pick(row())).toEqualTypeOf<Card>();
    expectTypeOf(therapistCard.pick(null as TherapistRow | null)).toEqualTypeOf<Card | null>();
    // @ts-expect-error a field the source does not have is refused at compile time
    publicView<TherapistRow>()('id', 'nope');
  });
});
