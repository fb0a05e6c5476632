import engagement from './engagement';
import health from './health';
import usage from './usage';

export default { engagement, health, usage };
