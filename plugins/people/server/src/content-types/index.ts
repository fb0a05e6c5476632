import activity from './activity/schema.json';

/** People's one table of its own: activity days (who used the site on which UTC day), hidden from the Content Manager and the Content-Type Builder. */
export default {
  activity: { schema: activity },
};
