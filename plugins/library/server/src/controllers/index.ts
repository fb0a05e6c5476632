import health from './health';
import search from './search';
import views from './views';

export default { health, search, views };
