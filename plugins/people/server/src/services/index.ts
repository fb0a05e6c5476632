/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import activity from './activity';
import people from './people';
import personalData from './personal-data';
import standing from './standing';
import usage from './usage';
import verification from './verification';

export default { people, usage, activity, verification, standing, personalData };

export type { Person, Therapist } from './people';
