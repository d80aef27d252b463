// Calibration for the archive figures: what two local R2 puts (an object and a marker, as the
// archive writes) cost the workerd process under Miniflare, with nothing else around them.
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/put') {
      const id = crypto.randomUUID();
      ctx.waitUntil(
        (async () => {
          await env.ARCHIVE.put(`objects/${id}`, new Uint8Array(1500), { customMetadata: { requestId: id } });
          await env.ARCHIVE.put(`markers/${id}`, null, { customMetadata: { requestId: id } });
        })(),
      );
    }
    return new Response('ok');
  },
};
