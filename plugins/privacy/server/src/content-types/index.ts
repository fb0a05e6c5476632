/** The plugin's content types (one folder per type, schema.json). */
import erasureRequest from './erasure-request/schema.json';
import exportJob from './export-job/schema.json';

export default {
  'erasure-request': { schema: erasureRequest },
  'export-job': { schema: exportJob },
};
