/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import activity from './activity';
import alerts from './alerts';
import assessments from './assessments';
import consent from './consent';
import entries from './entries';
import exporter from './exporter';
import flags from './flags';
import personalData from './personal-data';
import reminders from './reminders';
import settings from './settings';
import stats from './stats';
import vault from './vault';
import clients from './clients';

export default { activity, alerts, assessments, clients, consent, entries, exporter, flags, personalData, reminders, settings, stats, vault };
