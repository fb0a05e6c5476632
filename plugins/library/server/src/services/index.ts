/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import engagement from './engagement';
import search from './search';
import sync from './sync';

export default { engagement, search, sync };
