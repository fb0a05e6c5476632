/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import erasure from './erasure';
import exportJobs from './exports';
import retention from './retention';

export default {
  erasure,
  exports: exportJobs,
  retention,
};
