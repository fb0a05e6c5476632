import exportRoutes from './exports';
import erasure from './erasure';
import health from './health';

export default {
  erasure,
  exports: exportRoutes,
  health,
};
