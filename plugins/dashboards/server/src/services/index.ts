/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import engagement from './engagement';
import therapists from './therapists';
import usage from './usage';

export default { engagement, therapists, usage };
