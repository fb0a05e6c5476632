import syncTaskSchema from './sync-task/schema.json';

export default {
  'sync-task': { schema: syncTaskSchema },
};
