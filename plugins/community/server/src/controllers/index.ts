/** One controller per resource: permissions read plugin::community.posts.create and so on. */
import categories from './categories';
import crisis from './crisis';
import flags from './flags';
import health from './health';
import members from './members';
import moderation from './moderation';
import notices from './notices';
import posts from './posts';
import reactions from './reactions';
import replies from './replies';

export default { categories, crisis, flags, health, members, moderation, notices, posts, reactions, replies };
