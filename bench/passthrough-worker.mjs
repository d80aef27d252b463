// The floor: a Worker that only forwards each request to the upstream with fetch.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return fetch(`${env.UPSTREAM_URL}${url.pathname}${url.search}`, request);
  },
};
