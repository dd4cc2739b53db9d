import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { PolledStream } from './polling-stream-hub.js';

/** How long a browser waits before reconnecting a dropped stream (the SSE `retry:` field). */
const STREAM_RETRY_MS = 5_000;

/** The writing half every stream gets: a named event with JSON data, a comment, the end. */
export type EventStreamWriter = Pick<PolledStream, 'userId' | 'openedAt' | 'sendComment' | 'close'> & {
  sendEvent(event: string, data: unknown): void;
};

/**
 * Answers a request with a live Server-Sent Events stream watched by `hub`: refuses with 429 (`tooMany`) when
 * the user already has as many open as the hub allows, writes the SSE headers and the retry hint, builds the
 * module's stream from the writer and registers it with the hub. Answers the stream once it is open, or
 * undefined when the hub could not start watching (logged; the stream is closed and the browser retries).
 */
export async function serveEventStream<TStream extends PolledStream>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    userId: string;
    hub: { hasRoomFor(userId: string): boolean; open(stream: TStream): Promise<void>; remove(stream: TStream): void };
    tooMany: string;
    build: (writer: EventStreamWriter) => TStream;
  },
): Promise<TStream | undefined> {
  const { hub, userId } = options;
  if (!hub.hasRoomFor(userId)) throw new AppError('RATE_LIMITED', options.tooMany);
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies must pass each event on at once, not buffer the response.
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  const write = (text: string) => {
    if (!response.destroyed && !response.writableEnded) response.write(text);
  };
  write(`retry: ${STREAM_RETRY_MS}\n\n`);
  const stream = options.build({
    userId,
    openedAt: Date.now(),
    sendEvent: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    sendComment: (text) => write(`: ${text}\n\n`),
    close: () => {
      if (!response.writableEnded) response.end();
    },
  });
  response.on('close', () => hub.remove(stream));
  try {
    await hub.open(stream);
    return stream;
  } catch (error) {
    request.log.error({ err: error, url: request.url }, 'event stream: could not start watching');
    hub.remove(stream);
    stream.close();
    return undefined;
  }
}
