import searchDaySchema from './search-day/schema.json';
import syncTaskSchema from './sync-task/schema.json';
import viewDaySchema from './view-day/schema.json';

export default {
  'search-day': { schema: searchDaySchema },
  'sync-task': { schema: syncTaskSchema },
  'view-day': { schema: viewDaySchema },
};
