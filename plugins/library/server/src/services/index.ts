/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import search from './search';
import sync from './sync';

export default { search, sync };
