import consent from './consent';
import health from './health';

export default { consent, health };
