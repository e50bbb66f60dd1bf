// Structured JSON logs (pino) with portal id and request id; never a token or a secret.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log line. */
const REDACTED = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'code',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  'req.headers.authorization',
  'req.headers["x-hubspot-signature-v3"]',
  'headers.authorization',
];

/** Creates the service logger at `level`, writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      base: { service: 'opportunity-plan' },
    },
    destination,
  );
}
