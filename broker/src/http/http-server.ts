// The HTTP server around the Express app. Node's HTTP parser refuses some requests before Express
// sees them (headers or URL over maxHeaderSize: 431; bytes that are not HTTP: 400; a request that
// never finished in time: 408) and by default answers with a bare status line. Here those answers are
// problem documents too, so a client gets the same kind of body for every 4xx.
import http, { type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemBody, problemContentType } from './problem.ts';
import { HttpClientError } from '../errors.ts';

/** Node's own limit on the request line plus headers (16 KiB), stated in the 431 answer. */
export const MAX_HEADER_BYTES = http.maxHeaderSize;

/** An http.Server for `app` whose parser-level rejections answer application/problem+json. */
export function createHttpServer(app: RequestListener): Server {
  // A missing Host header is answered by input-boundary.ts#requireValidHost, with a problem document.
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, app);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket));
  return server;
}

function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset or closed connection cannot be answered, nor one whose response has begun (a pipelined
  // request): writing to it would only raise another error or corrupt the response under way.
  const responseUnderWay = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || responseUnderWay) {
    socket.destroy();
    return;
  }
  const error = clientErrorProblem(err);
  // Accept is unknown here (the headers were not parsed), so the type is the plain problem type.
  const body = JSON.stringify(problemBody(error));
  socket.end(
    [
      `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status] ?? 'Bad Request'}`,
      `Content-Type: ${problemContentType('application/problem+json')}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

function clientErrorProblem(err: NodeJS.ErrnoException): HttpClientError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new HttpClientError(
        431,
        'Request header fields too large',
        `The request line and headers exceed ${MAX_HEADER_BYTES} bytes, the limit of this server. Shorten the URL (names in the path, query parameters) or the headers.`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new HttpClientError(408, 'Request timeout', 'The request was not received completely in time. Send it again.');
    default:
      return new HttpClientError(
        400,
        'Bad request',
        `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}): check the request line, the headers and the body framing.`,
      );
  }
}
