import entries from './entries';
import health from './health';

export default { health, entries };
