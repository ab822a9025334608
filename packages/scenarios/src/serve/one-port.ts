// One TCP port that speaks both plain HTTP and HTTPS, told apart by the first byte a client
// sends (a TLS handshake record starts with 0x16; an HTTP request line starts with a letter).
// `serve --scenario` needs it: kubectl sends a kubeconfig's bearer token only over HTTPS, while
// the official Alibaba Cloud SDKs and the instance metadata paths are plain HTTP, and the issue
// asks for one port for the Kubernetes API, the ECS/VPC API, the metadata server and /metrics.
//
// When to use: serving people's real clients on loopback. Gotcha: both protocols reach the same
// request handler; a handler that must refuse plain HTTP checks `request.socket.encrypted`.

import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer,
  type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface OnePortOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tls: { readonly key: string; readonly cert: string };
  readonly handler: RequestHandler;
  /** Answers bytes Node's HTTP parser cannot read (the cloud's envelope, say). */
  readonly onClientError?: (error: Error, socket: Socket) => void;
}

export interface OnePort {
  readonly port: number;
  /** The plain HTTP server (for an `upgrade` or `clientError` listener). */
  readonly http: HttpServer;
  close(): Promise<void>;
}

const tlsHandshake = 0x16;

/** The socket as a plain stream that first yields `first` (the bytes the sniff took). */
function replayingStream(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => socket.write(chunk, done),
    final: (done) => socket.end(done),
    destroy: (error, done) => {
      socket.destroy();
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}

/** Listens on `host:port`; resolves once the port is bound. */
export async function listenOnePort(options: OnePortOptions): Promise<OnePort> {
  const http = createHttpServer(options.handler);
  if (options.onClientError !== undefined) http.on('clientError', options.onClientError);
  const secureContext = createSecureContext({ key: options.tls.key, cert: options.tls.cert });
  const sockets = new Set<Socket>();
  const front: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first[0] !== tlsHandshake) {
        socket.unshift(first);
        http.emit('connection', socket);
        socket.resume();
        return;
      }
      // TLS reads a net.Socket's native handle, past bytes already read; a stream keeps them.
      const tls = new TLSSocket(replayingStream(socket, first), { isServer: true, secureContext });
      tls.on('error', () => socket.destroy());
      http.emit('connection', tls);
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port, options.host, () => resolve());
  });
  const address = front.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port, http,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      front.close(() => resolve());
    }),
  };
}
