import { describe, expect, it } from 'vitest';
import { applicationsWaiting, therapistReport, utilisation } from '../therapist-report';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-10T12:00:00Z');
const sessions = (held: number, extra: Partial<{ bookedMinutes: number; clients: number }> = {}) => ({
  held,
  noShow: 1,
  cancelled: 2,
  cancelledByTherapist: 1,
  scheduled: held + 3,
  bookedMinutes: extra.bookedMinutes ?? held * 50,
  clients: extra.clients ?? held,
  returningClients: 0,
});

describe('therapist report', () => {
  it('writes waits in whole days, never negative, and nothing for no application', () => {
    expect(applicationsWaiting({ count: 3, oldestAt: NOW - 10 * DAY - 1, medianAt: NOW - 4.5 * DAY }, NOW)).toEqual({ count: 3, oldestDays: 10, medianDays: 4 });
    expect(applicationsWaiting({ count: 1, oldestAt: NOW + 5000, medianAt: NOW + 5000 }, NOW)).toEqual({ count: 1, oldestDays: 0, medianDays: 0 });
    expect(applicationsWaiting({ count: 0, oldestAt: null, medianAt: null }, NOW)).toEqual({ count: 0, oldestDays: null, medianDays: null });
  });

  it('gives utilisation to three decimals, and none when nothing was offered', () => {
    expect(utilisation(260, 2040)).toBe(0.127);
    expect(utilisation(90, 60)).toBe(1.5);
    expect(utilisation(50, 0)).toBeNull();
  });

  it('joins names, offered minutes and replies to the busiest therapists by account id, in their order', () => {
    const report = therapistReport(
      {
        days: ['2025-03-03', '2025-03-04'],
        applications: { count: 0, oldestAt: null, medianAt: null },
        sessions: { top: [{ therapistUserId: 7, ...sessions(4) }, { therapistUserId: 3, ...sessions(2) }], totals: { ...sessions(6), therapists: 2 } },
        offered: { byTherapist: new Map([[7, 400], [3, 0]]), total: 400 },
        replies: { byTherapist: new Map([[7, { conversations: 2, replied: 1, medianMinutes: 12.5 }]]), total: { conversations: 3, replied: 1, medianMinutes: 12.5 } },
        names: new Map([[7, { displayName: 'Dr Seven', profileId: 'p7' }]]),
      },
      new Date(NOW),
    );
    expect(report.range).toEqual({ from: '2025-03-03', to: '2025-03-04', days: 2 });
    expect(report.therapists.map((t) => [t.displayName, t.profileId, t.held, t.offeredMinutes, t.utilisation, t.firstReply.replied])).toEqual([
      ['Dr Seven', 'p7', 4, 400, 0.5, 1],
      ['Haven member', null, 2, 0, null, 0],
    ]);
    expect(report.therapists[1].firstReply).toEqual({ conversations: 0, replied: 0, medianMinutes: null });
    expect(report.totals).toMatchObject({ therapists: 2, held: 6, bookedMinutes: 300, offeredMinutes: 400, utilisation: 0.75 });
    expect(JSON.stringify(report)).not.toContain('therapistUserId');
  });
});
