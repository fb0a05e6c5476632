import { describe, expect, it } from 'vitest';
import * as views from '../views';

/** Field names that would tell who wrote or flagged something (the compile-time list is in ../view-proofs.ts). */
const IDENTIFYING = /^(authorId|memberId|flaggerIds|userId|user|member|account|username|email|profile|profileId)$|(UserId|MemberId|ProfileId|Email)$/;

const definitions = Object.entries(views).filter(([name]) => name.endsWith('View'));

describe('community views', () => {
  it('no definition but revealView names a field that identifies a person', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(17);
    for (const [name, view] of definitions) {
      if (name === 'revealView') continue;
      expect({ name, identifying: view.fields.filter((field) => IDENTIFYING.test(field)) }).toEqual({ name, identifying: [] });
    }
  });

  it('a post picked from its record leaves the author member id and the Markdown source behind', () => {
    const author = views.authorView.pick({ memberId: 4242, alias: 'Quiet Heron', isYou: false });
    const record: views.FullPostRecord = {
      id: 'doc1',
      authorId: 4242,
      title: 'Hello',
      excerpt: 'Hi',
      category: { slug: 'anxiety', name: 'Anxiety' },
      author,
      createdAt: null,
      editedAt: null,
      replyCount: 0,
      reactions: { heart: 0, hug: 0, strength: 0, relate: 0 },
      myReactions: [],
      status: 'visible',
      bodyHtml: '<p>Hi</p>',
      body: 'secret source',
      replies: [],
    };
    const sent = JSON.stringify(views.fullPostView.pick(record));
    expect(sent).not.toContain('4242');
    expect(sent).not.toContain('secret source');
    expect(Object.keys(author)).toEqual(['alias', 'isYou']);
    expect(views.ownFullPostView.pick(record).body).toBe('secret source');
  });
});
