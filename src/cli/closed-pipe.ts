// Output to a reader that went away (`uqkit run c.yaml | head -2`, a closed terminal, a log
// collector that stopped) is dropped: a closed stdout or stderr must not stop a campaign, whose
// runs would otherwise stay leased until their leases end. Node reports a write to a closed
// pipe as an EPIPE 'error' event on the stream (later writes to the destroyed stream as
// ERR_STREAM_DESTROYED); without a listener that event ends the process.

const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/** Makes every later write to `stream` a no-op that succeeds (its callback still called). */
function dropWrites(stream: NodeJS.WriteStream): void {
  stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') process.nextTick(cb as () => void);
    return true;
  }) as typeof stream.write;
}

/**
 * From the first write that finds `stream` closed on, drops what is written to it, and goes on.
 * Other errors of the stream are thrown, as without a listener.
 */
export function dropOutputWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (!CLOSED.has(e.code ?? '')) throw e;
    dropWrites(stream);
  });
}
