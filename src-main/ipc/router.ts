import type { z } from 'zod';
import {
  err,
  listChannels,
  ok,
  type Contract,
  type DomainName,
  type MethodSpec,
  type OutputOf,
  type Result,
} from '../../src-preload/contract';
import { whereDetailsAre, type Logger } from '../app/logger';
import { toPremiaError } from '../domain/errors';

/** Who sent a request: the frame's URL and whether it is the window's main frame. */
export interface SenderInfo {
  readonly url: string;
  readonly isMainFrame: boolean;
  /** The sending window (Electron's webContents id); absent where there is only one caller. */
  readonly windowId?: number;
}

export type Handler<S extends MethodSpec> = (
  input: z.output<S['input']>,
  sender: SenderInfo,
) => Promise<Result<OutputOf<S>>> | Result<OutputOf<S>>;

interface Registered {
  readonly spec: MethodSpec;
  readonly handler: (
    input: unknown,
    sender: SenderInfo,
  ) => Promise<Result<unknown>> | Result<unknown>;
}

export interface RouterOptions {
  /** Origins (scheme://host[:port], or `file://`) whose main frame may call Premia. */
  readonly allowedOrigins: readonly string[];
  readonly logger: Logger;
  /** Refuses (by throwing) a request the sender may not make now, before its input is parsed. */
  readonly admit?: (channel: string, sender: SenderInfo) => void;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') return 'file://';
    if (parsed.origin !== 'null') return parsed.origin;
    // Custom schemes (the app's own app://premia) have an opaque origin in WHATWG URL terms.
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/**
 * The one gate between a renderer and the services: checks the sender, parses the input as
 * unknown with the contract's schema, calls the handler, and turns anything thrown into an error
 * Result. Electron's ipcMain and the browser harness both call dispatch().
 */
export class Router {
  private readonly handlers = new Map<string, Registered>();
  private readonly specs = new Map<string, MethodSpec>();
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(private readonly options: RouterOptions) {
    this.allowedOrigins = new Set(options.allowedOrigins);
    for (const entry of listChannels()) this.specs.set(entry.channel, entry.spec);
  }

  handle<D extends DomainName, M extends keyof Contract[D] & string>(
    domain: D,
    methodName: M,
    handler: Handler<Contract[D][M] & MethodSpec>,
  ): void {
    const channel = `premia:${domain}.${methodName}`;
    const spec = this.specs.get(channel);
    if (spec === undefined) throw new Error(`No such channel in the contract: ${channel}`);
    if (this.handlers.has(channel)) throw new Error(`Channel registered twice: ${channel}`);
    this.handlers.set(channel, {
      spec,
      handler: handler as Registered['handler'],
    });
  }

  /** Channels that have a handler: the shell registers exactly these with ipcMain. */
  channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** Channels of the contract that nothing handles (a test keeps this empty). */
  unhandledChannels(): string[] {
    return [...this.specs.keys()].filter((channel) => !this.handlers.has(channel));
  }

  isAllowedSender(sender: SenderInfo): boolean {
    const origin = originOf(sender.url);
    return sender.isMainFrame && origin !== null && this.allowedOrigins.has(origin);
  }

  async dispatch(channel: string, sender: SenderInfo, rawInput: unknown): Promise<Result<unknown>> {
    if (!this.isAllowedSender(sender)) {
      this.options.logger.warn('ipc.rejected-sender', { channel, url: sender.url });
      return err('FORBIDDEN_SENDER', 'This window is not allowed to talk to Premia.');
    }
    const registered = this.handlers.get(channel);
    if (registered === undefined) {
      return err('UNKNOWN_CHANNEL', `Premia does not offer "${channel}".`);
    }
    try {
      this.options.admit?.(channel, sender);
    } catch (error) {
      return { ok: false, error: toPremiaError(error) };
    }
    const parsed = registered.spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      // A schema that words its own messages ("Spread % at most cannot be below 0.") is shown
      // as written; a bare validator message keeps its path so the developer can find it.
      const message =
        first === undefined
          ? 'That request was not valid.'
          : /^[A-Z|].*\.$/.test(first.message)
            ? first.message
            : `That request was not valid (${first.path}: ${first.message}).`;
      return err('BAD_INPUT', message, { issues });
    }
    try {
      const result = await registered.handler(parsed.data, sender);
      if (!result.ok) return result;
      // Outputs are parsed too: unknown fields are stripped, so nothing leaks by accident.
      const output = registered.spec.output.safeParse(result.value);
      if (!output.success) {
        this.options.logger.error('ipc.bad-output', {
          channel,
          issues: describeIssues(output.error),
        });
        return err(
          'INTERNAL',
          'Premia produced a reply it should not have. Nothing was changed by reading it.',
        );
      }
      return ok(output.data);
    } catch (error) {
      const premiaError = toPremiaError(error, whereDetailsAre(this.options.logger));
      if (premiaError.code === 'INTERNAL') {
        this.options.logger.error('ipc.handler-failed', { channel, error: String(error) });
      }
      return { ok: false, error: premiaError };
    }
  }
}
