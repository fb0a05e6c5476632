/** One controller per resource: permissions read plugin::wellness.entries.put and so on. */
import assessments from './assessments';
import clients from './clients';
import entries from './entries';
import exportsController from './exports';
import flags from './flags';
import health from './health';
import settings from './settings';
import shares from './shares';
import stats from './stats';

export default { assessments, clients, entries, exports: exportsController, flags, health, settings, shares, stats };
