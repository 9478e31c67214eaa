/**
 * Raw DEFLATE (RFC 1951) through the platform's Compression Streams, with a cap on what
 * unpacking may produce. DEFLATE expands at most about 1032:1, so the input is fed in small
 * slices and the output counted between them: a "zip bomb" is stopped a little past the cap,
 * never fully expanded in memory.
 */
import { compressionStream, decompressionStream, type ByteTransform } from './platform';

/** Input fed to the decompressor at a time: at most ~1 MiB of output per slice. */
const SLICE_BYTES = 1024;

export type Inflated =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'corrupt' | 'too-large' | 'unsupported' };

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Writes the input slice by slice, waiting for the reader to take the output (backpressure). */
async function feed(stream: ByteTransform, bytes: Uint8Array): Promise<void> {
  const writer = stream.writable.getWriter();
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    await writer.ready;
    await writer.write(bytes.subarray(at, at + SLICE_BYTES));
  }
  await writer.close();
}

/** Reads the output until the end, or until it passes `limit` bytes (then stops the stream). */
async function drain(stream: ByteTransform, limit: number): Promise<{ chunks: Uint8Array[]; total: number } | 'too-large'> {
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { chunks, total };
    if (!value) continue;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
}

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = compressionStream();
  if (!stream) throw new Error('This platform has no CompressionStream');
  const feeding = feed(stream, bytes);
  const drained = await drain(stream, Number.POSITIVE_INFINITY);
  await feeding;
  if (drained === 'too-large') throw new Error('unreachable: no limit on compression');
  return concat(drained.chunks, drained.total);
}

/** Unpacks raw DEFLATE data of at most `limit` bytes once unpacked. Never throws. */
export async function inflateRaw(bytes: Uint8Array, limit: number): Promise<Inflated> {
  const stream = decompressionStream();
  if (!stream) return { ok: false, reason: 'unsupported' };
  // A broken or cancelled stream rejects the writing side too; the reading side says what
  // happened, so the writer's failure is only caught (not awaited: nothing more to learn).
  void feed(stream, bytes).catch(() => undefined);
  try {
    const drained = await drain(stream, limit);
    if (drained === 'too-large') return { ok: false, reason: 'too-large' };
    return { ok: true, bytes: concat(drained.chunks, drained.total) };
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
}
