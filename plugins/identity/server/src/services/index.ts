/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import personalData from './personal-data';

export default { personalData };
