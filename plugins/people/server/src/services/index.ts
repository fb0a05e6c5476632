/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import people from './people';

export default { people };

export type { Person, Therapist } from './people';
