import health from './health';
import lines from './lines';

export default { health, lines };
