/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import applicant from './applicant';
import documents from './documents';
import expiry from './expiry';
import personalData from './personal-data';
import reviews from './reviews';

export default { applicant, documents, expiry, reviews, personalData };
