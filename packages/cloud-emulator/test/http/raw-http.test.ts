// Requests Node's HTTP parser cannot read, sent as raw bytes over a real socket, come back in the
// cloud's error envelope (JSON with RequestId, HostId, Code, Message, Recommend) with the status
// that says what was wrong, not in fastify's `{ error, message, statusCode }` or Node's empty 400.
import { connect } from 'node:net';
import { createSimEnv } from '@terway-sim/sim-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CloudEmulator } from '../../src/index.js';

interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

describe('malformed HTTP', () => {
  const cloud = new CloudEmulator(createSimEnv({ seed: 4 }), { latency: 'zero' });
  const app = buildServer(cloud, { keys: [{ accessKeyId: 'AK', accessKeySecret: 'SK' }] });
  let port = 0;

  /** Sends the bytes and reads until the server closes the connection. */
  const raw = (text: string) => new Promise<RawAnswer>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { received += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]),
        headers: Object.fromEntries(headerLines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        })),
        body: JSON.parse(body) as Record<string, unknown> });
    });
  });

  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
  });

  const cases: readonly { name: string; bytes: string; status: number; code: string }[] = [
    { name: 'headers over 16 KiB', status: 431, code: 'RequestHeaderFieldsTooLarge',
      bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n` },
    { name: 'no request line', bytes: 'GARBAGE\r\n\r\n', status: 400, code: 'MalformedRequest' },
    { name: 'a space in a header name', status: 400, code: 'MalformedRequest',
      bytes: 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n' },
    { name: 'a Content-Length that is no number', status: 400, code: 'MalformedRequest',
      bytes: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n' },
    { name: 'a chunk size that is no number', status: 400, code: 'MalformedRequest',
      bytes: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' },
  ];

  it.each(cases)('answers $name with $status $code in the envelope', async ({ bytes, status,
    code }) => {
    const answer = await raw(bytes);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(answer.body).toEqual({ RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: 'ecs.aliyuncs.com', Code: code, Message: expect.any(String),
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` });
    expect(answer.headers['x-acs-request-id']).toBe(answer.body.RequestId);
  });

  it('counts the refusals in /metrics', async () => {
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('cloud_http_refused_total{code="MalformedRequest"} 4');
    expect(metrics.body)
      .toContain('cloud_http_refused_total{code="RequestHeaderFieldsTooLarge"} 1');
  });
});
