import admin from './admin';
import health from './health';
import mine from './mine';

export default { admin, health, mine };
