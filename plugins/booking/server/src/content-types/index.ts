import availability from './availability/schema.json';
import booking from './booking/schema.json';
import externalBusy from './external-busy/schema.json';
import externalCalendar from './external-calendar/schema.json';
import feedToken from './feed-token/schema.json';
import reminder from './reminder/schema.json';
import slotClaim from './slot-claim/schema.json';

export default {
  availability: { schema: availability },
  booking: { schema: booking },
  'slot-claim': { schema: slotClaim },
  reminder: { schema: reminder },
  'external-calendar': { schema: externalCalendar },
  'external-busy': { schema: externalBusy },
  'feed-token': { schema: feedToken },
};
