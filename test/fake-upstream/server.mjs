// TEMPORARY placeholder until the fake upstream lands.
import http from 'node:http';
export async function startFakeUpstream() {
  const server = http.createServer((req, res) => { res.statusCode = 500; res.end(); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
