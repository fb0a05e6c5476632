import alias from './alias/schema.json';
import category from './category/schema.json';
import flag from './flag/schema.json';
import logEntry from './log-entry/schema.json';
import member from './member/schema.json';
import notice from './notice/schema.json';
import post from './post/schema.json';
import reaction from './reaction/schema.json';
import reply from './reply/schema.json';
import watchedWord from './watched-word/schema.json';

/** The community's tables; none is shown in the content manager (moderation has its own page). */
export default {
  member: { schema: member },
  alias: { schema: alias },
  category: { schema: category },
  post: { schema: post },
  reply: { schema: reply },
  reaction: { schema: reaction },
  flag: { schema: flag },
  'watched-word': { schema: watchedWord },
  'log-entry': { schema: logEntry },
  notice: { schema: notice },
};
