// Waiting on something that a signal (SIGINT, SIGTERM) may cut short.

/** `promise`'s value, or `aborted` as soon as `signal` aborts; the promise is left to settle on its own. */
export async function unlessAborted<T, A>(promise: Promise<T>, signal: AbortSignal | undefined, aborted: A): Promise<T | A> {
  if (signal === undefined) return promise;
  if (signal.aborted) return aborted;
  let onAbort: () => void = () => undefined;
  const cut = new Promise<A>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve(aborted)), { once: true }));
  try {
    return await Promise.race([promise, cut]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
