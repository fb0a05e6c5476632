/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import deferred from './deferred';
import escalation from './escalation';
import lines from './lines';
import screening from './screening';

export default { deferred, escalation, lines, screening };
