import health from './health';
import usage from './usage';

export default { health, usage };
