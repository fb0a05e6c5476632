import health from './health';
import search from './search';

export default { health, search };
