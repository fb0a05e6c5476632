import decision from './decision/schema.json';
import document from './document/schema.json';
import expiryNotice from './expiry-notice/schema.json';

/** The plugin's own tables: sealed licence documents, staff decisions and the expiry notices sent. */
export default {
  document: { schema: document },
  decision: { schema: decision },
  'expiry-notice': { schema: expiryNotice },
};
