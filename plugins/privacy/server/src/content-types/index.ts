/** The plugin's content types (one folder per type, schema.json). */
import exportJob from './export-job/schema.json';

export default {
  'export-job': { schema: exportJob },
};
