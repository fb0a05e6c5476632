/**
 * The demo history's chat (called from history.ts): each client of the history writes to their
 * therapist now and then over the months, a day or two before a session, and the therapist answers
 * 20 minutes to 6 hours later, so that the therapists dashboard's time to first reply reads like a
 * practice's. Stored through the chat's public contract with the time each was sent (sealed and
 * numbered as if sent then), oldest first within a conversation; conversations side by side, so the
 * chat's writer commits them in shared batches.
 */
import { chat } from '@haven/plugin-chat/public';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A client's history with their therapist: who, and when their sessions started (epoch ms, oldest first). */
export interface DemoPair {
  clientUserId: number;
  therapistUserId: number;
  /** How the client greets the therapist ("Dr. Chen"). */
  therapistName: string;
  sessionStarts: number[];
  /** The pair's own last exchange, when the demo has one (Sam and Dr. Chen). */
  lastExchange?: Exchange;
}

type Exchange = [question: string, answer: string];

const FIRST: Exchange = [
  'Hi {name}, I am looking forward to our first session. Is there anything I should prepare?',
  'Welcome, and thank you for writing. Nothing to prepare. If you like, jot down what made you reach out now, and we will start from there.',
];

const EXCHANGES: Exchange[] = [
  ['Could we start half an hour later this week? Work keeps running over.', 'That should be fine: book the later time and cancel the other one, there is no fee this far ahead.'],
  ['I tried the breathing exercise a few times. It helped on the train, less so at night.', 'That is a good start, and useful to know. We can look at what is different at night next time.'],
  ['Rough couple of days. Nothing urgent, I just wanted you to know before our session.', 'Thank you for telling me, we will make room for it. If things get harder before then, the crisis lines on the site are there day and night.'],
  ['Is there something I could read about setting boundaries with family?', 'Have a look at the library piece on relationships, and bring whatever stood out for you.'],
  ['I kept the thought record you suggested. Should I send it or bring it along?', 'Bring it along, please. I would rather read it together with you.'],
  ['Small win: I spoke up in the team meeting today.', 'That is great to hear. Well done for noticing it, too.'],
  ['Sorry, I think I got the time wrong last week.', 'No problem, it happens. See you at the usual time this week.'],
];

const THANKS = ['Thank you!', 'Thanks, that helps.', 'Great, see you then.'];

/** One stored message: who sent it, what, and when. */
interface Planned {
  from: 'client' | 'therapist';
  body: string;
  at: number;
}

/** A pair's messages, oldest first: a first exchange before the first session, then one before about every third session. */
function planPair(pair: DemoPair, rand: () => number, now: number): Planned[] {
  const planned: Planned[] = [];
  const exchange = ([question, answer]: Exchange, asked: number) => {
    const answered = asked + (20 + Math.floor(rand() * 340)) * MINUTE;
    if (answered >= now) return;
    planned.push({ from: 'client', body: question.replace('{name}', pair.therapistName), at: asked }, { from: 'therapist', body: answer, at: answered });
    if (rand() < 0.35 && answered + HOUR < now) planned.push({ from: 'client', body: THANKS[Math.floor(rand() * THANKS.length)], at: answered + (5 + Math.floor(rand() * 50)) * MINUTE });
  };
  // Daytime for the client: between 8 and 20 hours before the session's hour, one to two days ahead.
  const before = (start: number) => start - DAY - (8 + Math.floor(rand() * 12)) * HOUR;
  pair.sessionStarts.forEach((start, i) => {
    if (i === 0) exchange(FIRST, before(start));
    else if (i % 3 === 0) exchange(EXCHANGES[Math.floor(rand() * EXCHANGES.length)], before(start));
  });
  if (pair.lastExchange) exchange(pair.lastExchange, now - 2 * DAY - Math.floor(rand() * 6) * HOUR);
  return planned.sort((a, b) => a.at - b.at);
}

/** Writes every pair's past messages; returns how many. */
export async function seedDemoConversations(pairs: DemoPair[], rand: () => number, now = Date.now()): Promise<number> {
  const plans = pairs.map((pair) => ({ pair, planned: planPair(pair, rand, now) }));
  const written = await Promise.all(
    plans.map(async ({ pair, planned }) => {
      const { conversationId } = await chat.openConversation(pair.clientUserId, pair.therapistUserId);
      let last = 0;
      for (const message of planned) {
        const sender = message.from === 'client' ? pair.clientUserId : pair.therapistUserId;
        last = (await chat.storeMessage(conversationId, sender, message.body, null, new Date(message.at))).message.id;
      }
      // A past exchange has been read by both: only what is written from now on arrives as unread.
      if (last > 0) await Promise.all([chat.markRead(conversationId, pair.clientUserId, last), chat.markRead(conversationId, pair.therapistUserId, last)]);
      return planned.length;
    }),
  );
  return written.reduce((sum, n) => sum + n, 0);
}
