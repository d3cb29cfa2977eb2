/**
 * Test helpers for proxy tests, all on 127.0.0.1 (port 0): a forward HTTP(S)
 * proxy (absolute-form requests and CONNECT tunnels), a SOCKS5 proxy (no-auth
 * and username/password, CONNECT), and an HTTPS target server with a
 * self-signed certificate (the handler does not verify certificates).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';

export interface ProxyServer {
  /** `http://127.0.0.1:PORT` (`https://` for a TLS proxy, `socks5://` for the SOCKS one). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HttpProxyServer extends ProxyServer {
  /** Absolute-form requests received, with the client's port (one per connection). */
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; clientPort: number }>;
  /** CONNECT requests received (target as `host:port`). */
  connects: Array<{ target: string; headers: IncomingHttpHeaders }>;
}

export interface SocksProxyServer extends ProxyServer {
  /** Each CONNECT: the destination as sent (a domain name for socks5h, an IP for socks5) and the credentials used. */
  connects: Array<{ host: string; port: number; user: string | null; password: string | null }>;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection'];

// A self-signed P-256 certificate for localhost and 127.0.0.1, valid until 2126; for tests only.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaGtoCF+qODWbPr1d
jy8lKTXsb+mchNVtMzx13i1n9QWhRANCAARZawfzXakRpdj0yzeLwPKk8Wp94/r6
a/C3yF6UMgxKaBwiQkMm3PweLbD43gKYPZ4ghKOjsrQJ/tzGPNtmS/zh
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUUW+z58MwaR9PGtmTvJrEMRiAP/AwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTIyMDA0MVoYDzIxMjYxMTAx
MjIwMDQxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARZawfzXakRpdj0yzeLwPKk8Wp94/r6a/C3yF6UMgxKaBwiQkMm3Pwe
LbD43gKYPZ4ghKOjsrQJ/tzGPNtmS/zho28wbTAdBgNVHQ4EFgQUyvxESmDp/1BT
h+o3un6vy/mFU2kwHwYDVR0jBBgwFoAUyvxESmDp/1BTh+o3un6vy/mFU2kwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIhAOzTnqFfONIM5TALetHLaz56wwVF6SYSEs/TZXzy66buAiBU
uOKaR3Kmy1p4zAM+ko8rWNVXyrXE1BgcdC+v8fuMMQ==
-----END CERTIFICATE-----`;

export interface HttpProxyOptions {
  /** Requests without this Proxy-Authorization get 407. */
  authorization?: string;
  /** Serve the proxy itself over TLS (an `https://` proxy). */
  tls?: boolean;
}

/** A forward proxy. */
export async function startHttpProxy({ authorization, tls = false }: HttpProxyOptions = {}): Promise<HttpProxyServer> {
  const requests: HttpProxyServer['requests'] = [];
  const connects: HttpProxyServer['connects'] = [];
  const tunnels = new Set<net.Socket>();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers, clientPort: req.socket.remotePort ?? 0 });
    if (authorization && req.headers['proxy-authorization'] !== authorization) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers, agent: false },
      (response) => {
        const responseHeaders = { ...response.headers };
        for (const name of HOP_BY_HOP) delete responseHeaders[name];
        res.writeHead(response.statusCode ?? 502, responseHeaders);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  const server = tls ? https.createServer({ key: TEST_KEY, cert: TEST_CERT }, handle) : http.createServer(handle);
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    connects.push({ target: req.url ?? '', headers: req.headers });
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    socket.on('error', () => socket.destroy());
    if (authorization && req.headers['proxy-authorization'] !== authorization) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const url = new URL(`http://${req.url}`);
    const upstream = net.connect(Number(url.port), url.hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on('close', () => socket.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const port = await listen(server);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    connects,
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A SOCKS5 proxy (RFC 1928, CONNECT only). With `users`, clients must authenticate with one of them (RFC 1929). */
export async function startSocks5Proxy(users?: Record<string, string>): Promise<SocksProxyServer> {
  const connects: SocksProxyServer['connects'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const read = byteReader(client);
    void (async () => {
      const [, methodCount] = await read(2);
      const methods = await read(methodCount!);
      let user: string | null = null;
      let password: string | null = null;
      if (users) {
        if (!methods.includes(0x02)) return client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 0x02]));
        const [, userLength] = await read(2);
        user = (await read(userLength!)).toString();
        const [passwordLength] = await read(1);
        password = (await read(passwordLength!)).toString();
        if (users[user] !== password) return client.end(Buffer.from([1, 1]));
        client.write(Buffer.from([1, 0]));
      } else {
        if (!methods.includes(0x00)) return client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 0x00]));
      }
      const [, command, , addressType] = await read(4);
      let host: string;
      if (addressType === 1) host = [...(await read(4))].join('.');
      else if (addressType === 3) host = (await read((await read(1))[0]!)).toString();
      else return client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0])); // address type not supported
      const port = (await read(2)).readUInt16BE(0);
      if (command !== 1) return client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0])); // command not supported
      connects.push({ host, port, user, password });
      const upstream = net.connect(port, host, () => {
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
        const rest = read.rest();
        if (rest.length > 0) upstream.write(rest);
        upstream.pipe(client).pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => client.destroy());
      upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
    })().catch(() => client.destroy());
  });
  const port = await listen(server);
  return {
    url: `socks5://127.0.0.1:${port}`,
    port,
    connects,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads exact byte counts from a socket during a handshake; `rest()` hands back what arrived beyond it and stops reading. */
function byteReader(socket: net.Socket): ((count: number) => Promise<Buffer>) & { rest(): Buffer } {
  let buffered = Buffer.alloc(0);
  let waiting: { count: number; resolve: (data: Buffer) => void } | null = null;
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (waiting && buffered.length >= waiting.count) {
      const { count, resolve } = waiting;
      waiting = null;
      resolve(take(count));
    }
  };
  const take = (count: number) => {
    const data = buffered.subarray(0, count);
    buffered = buffered.subarray(count);
    return data;
  };
  socket.on('data', onData);
  const read = (count: number) =>
    buffered.length >= count ? Promise.resolve(take(count)) : new Promise<Buffer>((resolve) => { waiting = { count, resolve }; });
  return Object.assign(read, {
    rest() {
      socket.off('data', onData);
      return take(buffered.length);
    },
  });
}

export interface HttpsTestServer {
  /** `https://127.0.0.1:PORT` */
  url: string;
  received: Array<{ path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** An HTTPS server answering every path with a small HTML page naming it. */
export async function startHttpsServer(): Promise<HttpsTestServer> {
  const received: HttpsTestServer['received'] = [];
  const server = https.createServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    received.push({ path: req.url ?? '/', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<title>secure ${req.url}</title>`);
  });
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
