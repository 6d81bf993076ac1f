/** The one error middleware: every failure becomes `{"error": {code, message, fields?}}` (http-error.ts). */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorReply } from './http-error.ts';

export function errorMiddleware(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const reply = errorReply(err);
    if (reply.unexpected) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      // Mid-stream (an event stream or a file): all that is left is to cut the connection.
      res.destroy();
      return;
    }
    res.status(reply.status).set(reply.headers).json(reply.body);
  };
}
