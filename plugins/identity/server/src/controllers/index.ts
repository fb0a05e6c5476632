import consent from './consent';
import health from './health';
import twoFactor from './two-factor';
import twoFactorSignIn from './two-factor-sign-in';

export default { consent, health, twoFactor, twoFactorSignIn };
