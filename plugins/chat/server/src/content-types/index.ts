import conversation from './conversation/schema.json';
import message from './message/schema.json';

export default {
  conversation: { schema: conversation },
  message: { schema: message },
};
