/**
 * The few platform objects the scenario codec uses: the Compression Streams API and
 * TextEncoder/TextDecoder. All are globals in Node ≥ 18, in every current browser and in Web
 * Workers, but the core compiles against plain ES2022, which does not declare them; so they
 * are described here, only as far as this module uses them, and looked up on `globalThis`.
 */

interface ByteReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

interface ByteWriter {
  readonly ready: Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A CompressionStream or DecompressionStream: bytes in on one side, bytes out on the other. */
export interface ByteTransform {
  readonly writable: { getWriter(): ByteWriter };
  readonly readable: { getReader(): ByteReader };
}

type ByteTransformClass = new (format: 'deflate-raw') => ByteTransform;

interface Platform {
  readonly CompressionStream?: ByteTransformClass;
  readonly DecompressionStream?: ByteTransformClass;
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}

const platform = globalThis as unknown as Platform;

/** Undefined where the platform lacks the Compression Streams API (browsers before 2023). */
export const compressionStream = (): ByteTransform | undefined =>
  platform.CompressionStream ? new platform.CompressionStream('deflate-raw') : undefined;

export const decompressionStream = (): ByteTransform | undefined =>
  platform.DecompressionStream ? new platform.DecompressionStream('deflate-raw') : undefined;

export const utf8Encode = (text: string): Uint8Array => new platform.TextEncoder().encode(text);

/** Undefined for bytes that are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return new platform.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
