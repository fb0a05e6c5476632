import assessment from './assessment/schema.json';
import consentEvent from './consent-event/schema.json';
import dataKey from './data-key/schema.json';
import entry from './entry/schema.json';
import reminderSend from './reminder-send/schema.json';
import setting from './setting/schema.json';
import share from './share/schema.json';

/** The wellness tables; none is shown in the content manager (they hold people's health data). */
export default {
  entry: { schema: entry },
  assessment: { schema: assessment },
  'data-key': { schema: dataKey },
  share: { schema: share },
  'consent-event': { schema: consentEvent },
  setting: { schema: setting },
  'reminder-send': { schema: reminderSend },
};
