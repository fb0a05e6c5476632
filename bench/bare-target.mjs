#!/usr/bin/env node
/**
 * The ceiling: a bare node:http server on 127.0.0.1 (ephemeral port) answering every request with a
 * small, fixed JSON body. Prints `BENCH_TARGET {"url": …}` on stdout when it listens; stops on
 * SIGTERM/SIGINT, when its stdin closes, or after BENCH_TARGET_MAX_SECONDS.
 */
import http from 'node:http';

const body = JSON.stringify({ data: { id: 1, documentId: 'ceiling', title: 'Hello from node:http' }, meta: {} });
const length = Buffer.byteLength(body);

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
  res.end(body);
});

const maxSeconds = Number(process.env.BENCH_TARGET_MAX_SECONDS || 3600);
setTimeout(() => process.exit(3), maxSeconds * 1000).unref();
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`BENCH_TARGET ${JSON.stringify({ url: `http://127.0.0.1:${port}`, database: null })}\n`);
});
