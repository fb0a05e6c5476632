/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import documents from './documents';
import search from './search';
import sync from './sync';

export default { documents, search, sync };
