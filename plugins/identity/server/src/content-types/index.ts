/** The plugin's content types (one folder per type, schema.json). */
import consent from './consent/schema.json';
export default {
  consent: { schema: consent },
};
