// Loaded as a classic (blocking) script in <head>: picks the theme before the first paint.
document.documentElement.dataset.theme =
  localStorage.getItem('switchboard.theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
