/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import activity from './activity';
import categories from './categories';
import crisis from './crisis';
import flags from './flags';
import items from './items';
import members from './members';
import moderation from './moderation';
import notices from './notices';
import personalData from './personal-data';
import posts from './posts';
import reactions from './reactions';
import replies from './replies';
import safety from './safety';
import views from './views';

export default { activity, categories, crisis, flags, items, members, moderation, notices, personalData, posts, reactions, replies, safety, views };
