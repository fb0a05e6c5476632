/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import consent from './consent';
import passwordPolicy from './password-policy';
import personalData from './personal-data';
import twoFactor from './two-factor';
import twoFactorSignIn from './two-factor-sign-in';

export default { consent, passwordPolicy, personalData, twoFactor, twoFactorSignIn };
