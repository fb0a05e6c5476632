import activity from './activity/schema.json';
import activityCount from './activity-count/schema.json';

/** People's own tables: activity days (who used the site on which UTC day) and their counts per day and week, hidden from the Content Manager and the Content-Type Builder. */
export default {
  activity: { schema: activity },
  'activity-count': { schema: activityCount },
};
