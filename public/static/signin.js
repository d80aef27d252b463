// The sign-in form shared by the dashboard and the playground (`#signin-form`, `#key`,
// `#signin-submit`, `#signin-error`): checks the credential against the gateway, then keeps it
// in sessionStorage for this tab only.
import { identify, session, signInMessage } from './api.js';

const $ = (id) => document.getElementById(id);

/** Show or clear the sign-in error and focus the key field. */
export function signInError(message) {
  $('signin-error').hidden = !message;
  $('signin-error').textContent = message ?? '';
  $('key').focus();
}

/**
 * Wire the form. `allowAdmin: false` refuses the admin token with a clear message (it cannot
 * call models). `onSignedIn()` runs once the credential is saved.
 */
export function setupSignIn({ allowAdmin, onSignedIn }) {
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('key').value.trim();
    const button = $('signin-submit');
    button.disabled = true;
    button.textContent = 'Checking…';
    try {
      const { role } = await identify(key);
      if (role === 'admin' && !allowAdmin) {
        signInError('That is the admin token: it manages keys but cannot call models. Sign in with a gateway key.');
        return;
      }
      session.save(key, role);
      $('key').value = '';
      signInError(null);
      await onSignedIn();
    } catch (error) {
      signInError(signInMessage(error));
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  });
}
