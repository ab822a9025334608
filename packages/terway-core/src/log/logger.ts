// A structured logger in the manner of the logr/klog loggers Terway writes through
// (`logf.FromContext(ctx).WithValues(...).Info(...)`): a message plus key/value fields, with
// fields accumulated by `with(...)`. Lines go into the run's EventLog as `log` events, so a report
// or a trainer's replay shows the log lines a node would have printed, at their virtual instants,
// and they are part of the run's digest.
//
// Event shape: `{ kind: "log", t, component, level, message, fields: {...}, error? }`; `fields`
// is nested so that a caller's keys never collide with the log's own (`t`, `kind`).
//
// When to use: one root logger per component instance (`terway-daemon` on node X), children via
// `with({ api, eni })`. Messages use Terway's wording where its source has one ("client rate
// limit", "eni created", "eni deletion confirmed"). Gotcha: `debug` lines are dropped unless the
// logger was made with `debug: true` (Terway's V(4) lines are off in production too); everything
// written is hashed, so a log line added or reworded changes every digest that includes it.

import type { EventLog, JsonValue } from '@terway-sim/sim-base';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = { readonly [key: string]: JsonValue | undefined };

export interface LoggerDeps {
  readonly log: EventLog;
}

export interface LoggerOptions {
  /** Who prints the line, e.g. `terway-daemon`, `terway-controlplane`. */
  readonly component: string;
  /** Fields every line carries, e.g. `{ node: "node-1" }`. */
  readonly fields?: LogFields;
  /** Record `debug` lines (default false). */
  readonly debug?: boolean;
}

/** Anything with a message: a failure value or an Error. */
export type LoggableError = string | { readonly message: string };

export const logEventKind = 'log';

export class Logger {
  private readonly fields: LogFields;

  constructor(private readonly deps: LoggerDeps, private readonly options: LoggerOptions) {
    this.fields = options.fields ?? {};
  }

  /** A child that adds `fields` to every line (logr's WithValues). Later keys win. */
  with(fields: LogFields): Logger {
    return new Logger(this.deps, { ...this.options, fields: { ...this.fields, ...fields } });
  }

  debug(message: string, fields?: LogFields): void {
    if (this.options.debug === true) this.write('debug', message, fields, undefined);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields, undefined);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields, undefined);
  }

  /** logr's `Error(err, msg, kv...)`: the error text travels in its own field. */
  error(message: string, error?: LoggableError, fields?: LogFields): void {
    this.write('error', message, fields, error);
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined,
    error: LoggableError | undefined): void {
    this.deps.log.record(logEventKind, {
      component: this.options.component,
      level,
      message,
      fields: fields === undefined ? this.fields : { ...this.fields, ...fields },
      error: error === undefined ? undefined : typeof error === 'string' ? error : error.message,
    });
  }
}

/** A logger that records nothing, for unit tests of code that only needs one to call. */
export function silentLogger(): Logger {
  const sink = { record(): void {} } as unknown as EventLog;
  return new Logger({ log: sink }, { component: 'silent' });
}
