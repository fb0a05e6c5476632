import accounts from './accounts';
import health from './health';

export default { health, accounts };
