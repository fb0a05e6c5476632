/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import conversations from './conversations';
import keys from './keys';
import lifetime from './lifetime';
import messages from './messages';
import personalData from './personal-data';
import realtime from './realtime';
import usage from './usage';
import video from './video';

export default { keys, lifetime, conversations, messages, realtime, video, usage, personalData };

export type { ConversationRow, Membership, Participation } from './conversations';
export type { RotationProgress, RotationResult } from './keys';
export type { MessagePage, StoreResult } from './messages';
export type { RoomPass } from './video';
export type { WriteState } from './lifetime';
