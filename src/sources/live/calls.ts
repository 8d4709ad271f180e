// Runs every AWS call of a live read: bounded concurrency, a count of calls, the wave depth of each
// call, and failures turned into problems so callers only ever see an outcome, never an exception.
// Credentials that no call can use end the read with one message; a signal ends it at once.
import { unlessAborted } from '../../abort.js';
import type { Redact } from '../../redact.js';
import { classifyError, credentialsMessage, failureReason, problemMessage } from './errors.js';
import type { LiveCall, LiveProblem, LiveProblemCode } from './types.js';

/** What a call reads, for problem messages: "<subject> could not be checked". */
export interface CallSpec {
  call: LiveCall;
  subject: string;
  /** Error names that mean "there is none" rather than a failure (e.g. NoSuchBucketPolicy). */
  absentOn?: readonly string[];
}

/**
 * `depth` is the call's wave: 1 for calls that need nothing, one more than the call whose answer it
 * needed otherwise. Dependent calls pass it on as their `after`.
 */
export type CallOutcome<T> = { status: 'ok'; value: T; depth: number } | { status: 'absent'; depth: number } | { status: 'failed'; depth: number };

/** The `after` of calls that need no other call's answer. */
export const START = 0;

export interface RunnerOptions {
  concurrency: number;
  timeoutMs: number;
  onProgress?: (message: string) => void;
  /** Removes secrets (the credentials in use) from the AWS error texts that problems quote. */
  redactor: () => Promise<Redact>;
  /** No call starts after it aborts, and calls in flight are abandoned. */
  signal?: AbortSignal;
}

const INTERRUPTED = Symbol('interrupted');

export class CallRunner {
  readonly problems: LiveProblem[] = [];
  /** Set at the first failure of the credentials themselves: no further call is made. */
  credentialFailure: string | undefined;
  private started = 0;
  private finished = 0;
  private deepest = 0;
  private readonly slots: Slots;

  constructor(private readonly options: RunnerOptions) {
    this.slots = new Slots(options.concurrency);
  }

  get calls(): number {
    return this.started;
  }

  get waves(): number {
    return this.deepest;
  }

  async run<T>(spec: CallSpec, after: number, send: () => Promise<T>): Promise<CallOutcome<T>> {
    const depth = after + 1;
    if (this.stopped) return { status: 'failed', depth };
    this.started += 1;
    this.deepest = Math.max(this.deepest, depth);
    try {
      const value = await unlessAborted(this.slots.use(() => (this.stopped ? Promise.reject(INTERRUPTED) : send())), this.options.signal, INTERRUPTED);
      return value === INTERRUPTED ? { status: 'failed', depth } : { status: 'ok', value, depth };
    } catch (error) {
      if (error === INTERRUPTED || this.stopped) return { status: 'failed', depth };
      const redact = await this.options.redactor();
      const classified = classifyError(error, redact);
      if (spec.absentOn?.includes(classified.name)) return { status: 'absent', depth };
      if (classified.code === 'credentials') {
        this.credentialFailure ??= redact(credentialsMessage(classified));
        return { status: 'failed', depth };
      }
      this.problems.push({ call: spec.call, code: classified.code, message: redact(problemMessage(spec.call, spec.subject, failureReason(spec.call, classified, this.options.timeoutMs))) });
      return { status: 'failed', depth };
    } finally {
      this.finished += 1;
      this.options.onProgress?.(`Reading from AWS: ${this.finished}/${this.started} calls done (${spec.call})`);
    }
  }

  /** Interrupted, or the credentials failed: no further call is worth making. */
  private get stopped(): boolean {
    return this.credentialFailure !== undefined || this.options.signal?.aborted === true;
  }

  /** A problem found in an answer the SDK accepted (a missing field, a document that is not JSON). */
  report(spec: CallSpec, code: LiveProblemCode, detail: string): void {
    this.problems.push({ call: spec.call, code, message: problemMessage(spec.call, spec.subject, detail) });
  }
}

/** A counting semaphore. A released slot passes straight to the next waiter so the bound holds. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.free += 1;
      else next();
    }
  }
}
