import availability from './availability';
import bookings from './bookings';
import calendars from './calendars';
import feed from './feed';
import health from './health';
import schedule from './schedule';
import slots from './slots';

export default { health, slots, bookings, availability, calendars, feed, schedule };
