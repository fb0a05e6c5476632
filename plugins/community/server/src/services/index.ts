import content from './content';
import crisis from './crisis';
import members from './members';
import moderation from './moderation';
import safety from './safety';

export default { content, crisis, members, moderation, safety };
