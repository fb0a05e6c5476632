import exportRoutes from './exports';
import health from './health';

export default {
  exports: exportRoutes,
  health,
};
