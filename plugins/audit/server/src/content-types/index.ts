import entry from './entry/schema.json';

/** The audit log's one table; hidden from the Content Manager and the Content-Type Builder (the Audit log page reads it). */
export default {
  entry: { schema: entry },
};
