import documents from './documents';
import search from './search';
import sync from './sync';

export default { documents, search, sync };
