// Light/dark theme: follows the system until the user picks one (remembered; it is not a secret).
const STORAGE = 'switchboard.theme';

function preferred() {
  return localStorage.getItem(STORAGE) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function apply(theme, button) {
  document.documentElement.dataset.theme = theme;
  if (button) {
    button.textContent = theme === 'dark' ? '☀' : '☾';
    button.title = theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme';
  }
}

/** Apply the theme now and wire the toggle button (charts take their colours from CSS variables). */
export function setupTheme(button) {
  apply(preferred(), button);
  button?.addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORAGE, next);
    apply(next, button);
  });
}
