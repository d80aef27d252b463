/**
 * Records what the client actually received, after the surface encoder: the middleware wraps
 * the final response of any request that is being archived (`c.var.exchange`), error
 * responses included. A stream is passed through chunk by chunk (pull-based, so
 * back-pressure and client cancellation still reach the upstream); a JSON body the gateway
 * built is already in memory and is recorded whole. Tapping beats re-encoding the canonical
 * result because it archives the real bytes, whatever surface produced them.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/context';
import type { ExchangeCapture } from './capture';

export const clientTap = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const exchange = c.get('exchange');
  if (exchange) c.res = await tapResponse(exchange, c.res);
});

export async function tapResponse(exchange: ExchangeCapture, response: Response): Promise<Response> {
  const client = exchange.clientResponse(response.status, response.headers);
  const streaming = response.headers.get('content-type')?.includes('text/event-stream') === true;
  if (!response.body || !streaming) {
    const bytes = response.body ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array();
    if (bytes.byteLength > 0) client.log.add(bytes, exchange.now());
    client.completed = true;
    exchange.clientFinished();
    return new Response(bytes.byteLength > 0 ? bytes : null, response);
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          exchange.clientFinished();
          controller.error(error);
          return;
        }
        if (chunk.done) {
          client.completed = true;
          exchange.clientFinished();
          controller.close();
          return;
        }
        client.log.add(chunk.value, exchange.now());
        controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        client.cancelled = true;
        exchange.clientFinished();
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, response);
}
