import engagement from './engagement';
import health from './health';
import therapists from './therapists';
import usage from './usage';

export default { engagement, health, therapists, usage };
