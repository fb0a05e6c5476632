/** The plugin's content types. Screening stores nothing; only a therapist notice held through quiet hours is kept, until it is sent. */
import deferredNotice from './deferred-notice/schema.json';

export default {
  'deferred-notice': { schema: deferredNotice },
};
