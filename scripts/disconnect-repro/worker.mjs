// The minimal Worker of the disconnect reproduction (run.mjs): it streams from a slow loopback
// upstream to the client, three ways, with the request's abort signal on every upstream fetch
// (compatibility flag `enable_request_signal`, as the gateway has).
//   ?mode=pipe  the upstream body returned as is
//   ?mode=ka    like the gateway waiting for a slow first byte: a comment at once and every
//               second (`: ka`), the upstream's bytes once they come
//   ?mode=json  the upstream read whole, then answered (a non-stream request)
// It logs (console) when the request's signal aborts and when its body is cancelled.
const encoder = new TextEncoder();

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const mode = url.searchParams.get('mode');
    if (!mode) return new Response('ok');
    const started = Date.now();
    request.signal.addEventListener('abort', () => console.log(`worker: request.signal aborted at ${Date.now() - started} ms`));
    const upstream = fetch(`${env.UPSTREAM}/slow?${url.searchParams}`, { signal: request.signal });
    if (mode === 'pipe') return new Response((await upstream).body, { headers: { 'content-type': 'text/event-stream' } });
    if (mode === 'json') return new Response(await (await upstream).text());
    let timer;
    const body = new ReadableStream(
      {
        start(controller) {
          controller.enqueue(encoder.encode(': ka\n\n'));
          timer = setInterval(() => {
            controller.enqueue(encoder.encode(': ka\n\n'));
            console.log(`worker: wrote a comment at ${Date.now() - started} ms`);
          }, 1000);
        },
        async pull(controller) {
          const reader = (await upstream).body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            controller.enqueue(value);
          }
          clearInterval(timer);
          controller.close();
        },
        cancel() {
          console.log(`worker: body cancelled at ${Date.now() - started} ms`);
          clearInterval(timer);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  },
};
