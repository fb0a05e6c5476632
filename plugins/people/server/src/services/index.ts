/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import people from './people';
import usage from './usage';

export default { people, usage };

export type { Person, Therapist } from './people';
