/** The plugin's content types (one folder per type, schema.json). */
import consent from './consent/schema.json';
import recoveryCode from './recovery-code/schema.json';
import signInChallenge from './sign-in-challenge/schema.json';
import twoFactor from './two-factor/schema.json';
export default {
  consent: { schema: consent },
  'two-factor': { schema: twoFactor },
  'recovery-code': { schema: recoveryCode },
  'sign-in-challenge': { schema: signInChallenge },
};
