/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import invitations from './invitations';
import standing from './standing';

export default { standing, invitations };
