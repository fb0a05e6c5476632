import type { Core } from '@strapi/strapi';

/**
 * HTTP CONNECT never reaches Koa: Node hands it to the server's 'connect' event, and with no
 * listener drops the socket. Answer it like every other unsupported method.
 */
export function refuseConnectMethod(strapi: Core.Strapi) {
  strapi.server.httpServer.on('connect', (_request, socket) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
}
