import conversations from './conversations';
import health from './health';
import video from './video';

export default { health, conversations, video };
