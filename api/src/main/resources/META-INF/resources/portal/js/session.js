// The bearer token lives in sessionStorage only: gone when the tab closes, never in a cookie or localStorage.
// A host application may hand it over in the URL fragment (#token=...), which never reaches a server; the page
// takes it and removes it from the address bar at once.

const KEY = 'webhooks-portal-token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set(token) {
    sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
  },
  clear: () => sessionStorage.removeItem(KEY),

  /** Takes a token handed over as #token=... (alone or after a route: #/webhooks&token=...). */
  adoptFromFragment() {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (!match) return;
    this.set(decodeURIComponent(match[1]));
    const rest = window.location.hash.replace(/&token=[^&]+/, '').replace(/^#token=[^&]+&?/, '#');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest === '#' ? '' : rest));
  },

  /** The organization named in the token's claims, for display only (the API decides from the verified token). */
  organization() {
    const token = this.token();
    if (!token) return null;
    try {
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return claims.org_id || claims['custom:ivy_org_id'] || null;
    } catch (unreadable) {
      return null;
    }
  },
};
