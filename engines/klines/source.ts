import { Gunzip, gunzipSync, Unzip, UnzipInflate, unzipSync } from 'fflate';

export class KlineSourceError extends Error {
  override readonly name = 'KlineSourceError';
}

export interface DecodeKlineSourceOptions {
  /**
   * Refuse archives whose CSV inflates beyond this. V8 cannot hold a string much over 512 MiB, and a
   * small zip can claim gigabytes, so the limit is checked before inflating.
   */
  maxUncompressedBytes?: number;
}

const DEFAULT_MAX_UNCOMPRESSED = 512 * 1024 * 1024;

function isZip(b: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record that is all an empty archive contains.
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 0x03 && b[3] === 0x04) || (b[2] === 0x05 && b[3] === 0x06));
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
}

function isCsvEntry(name: string): boolean {
  const lower = name.toLowerCase();
  // macOS Finder adds resource-fork shadows ("__MACOSX/._x.csv") that are not CSV at all.
  return lower.endsWith('.csv') && !lower.startsWith('__macosx/') && !lower.split('/').pop()?.startsWith('._');
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function decodeUtf8(bytes: Uint8Array, what: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new KlineSourceError(`${what} is UTF-16 encoded; save it as UTF-8`);
  }
  try {
    // The default (ignoreBOM: false) consumes a leading UTF-8 BOM, which Excel writes.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KlineSourceError(`${what} is not valid UTF-8 (GBK/GB18030 exports are common); save it as UTF-8`);
  }
}

/**
 * CSV text of an uploaded K-line file: a plain UTF-8 CSV, a zip holding exactly one .csv, or a gzipped CSV.
 * Throws {@link KlineSourceError} with a message fit for the uploader.
 */
export function decodeKlineSource(bytes: Uint8Array, filename: string, options: DecodeKlineSourceOptions = {}): string {
  const limit = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  if (bytes.length === 0) throw new KlineSourceError(`${filename} is empty`);

  if (isZip(bytes)) {
    const csvNames: string[] = [];
    // An object, not a let: TypeScript does not see assignments made inside the filter callback.
    const oversized: { name: string | null } = { name: null };
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter(file) {
          if (!isCsvEntry(file.name)) return false;
          csvNames.push(file.name);
          if (file.originalSize > limit) oversized.name = file.name;
          // Inflate only a lone CSV; with more than one the archive is rejected anyway.
          return csvNames.length === 1 && oversized.name === null;
        },
      });
    } catch (e) {
      throw new KlineSourceError(`${filename} is not a readable zip archive: ${errorMessage(e)}`);
    }
    if (oversized.name !== null) {
      throw new KlineSourceError(`${oversized.name} in ${filename} is larger than ${limit} bytes uncompressed`);
    }
    if (csvNames.length === 0) throw new KlineSourceError(`${filename} contains no .csv file`);
    if (csvNames.length > 1) {
      throw new KlineSourceError(`${filename} contains ${csvNames.length} .csv files (${csvNames.join(', ')}); upload one at a time`);
    }
    const name = csvNames[0] ?? '';
    const data = files[name];
    if (!data) throw new KlineSourceError(`${name} could not be extracted from ${filename}`);
    return decodeUtf8(data, `${name} in ${filename}`);
  }

  if (isGzip(bytes)) {
    let data: Uint8Array;
    try {
      data = gunzipSync(bytes);
    } catch (e) {
      throw new KlineSourceError(`${filename} is not a readable gzip file: ${errorMessage(e)}`);
    }
    if (data.length > limit) throw new KlineSourceError(`${filename} is larger than ${limit} bytes uncompressed`);
    return decodeUtf8(data, filename);
  }

  if (/\.(zip|gz)$/i.test(filename)) {
    throw new KlineSourceError(`${filename} is named like an archive but its content is not a zip or gzip archive`);
  }
  if (bytes.length > limit) throw new KlineSourceError(`${filename} is larger than ${limit} bytes`);
  return decodeUtf8(bytes, filename);
}

/** Bytes up to the first line feed, gathered from chunks as they inflate; later chunks are ignored. */
class FirstLine {
  private readonly chunks: Uint8Array[] = [];
  line: Uint8Array | null = null;

  add(chunk: Uint8Array): void {
    if (this.line) return;
    const lf = chunk.indexOf(10);
    this.chunks.push(lf < 0 ? chunk : chunk.subarray(0, lf));
    if (lf >= 0) this.line = this.joined();
  }

  /** At the end of the whole source a header without a line feed is still the header. */
  end(): void {
    if (!this.line && this.chunks.length > 0) this.line = this.joined();
  }

  private joined(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * The header line of the CSV in a K-line source, read from its first bytes only (`complete` when they are the whole
 * source), so a request can be checked against a large upload without loading or inflating all of it. Null when
 * those bytes do not reach the end of the header line or are not something {@link decodeKlineSource} reads; the
 * import itself then reports what is wrong.
 */
export function readKlineSourceHeader(head: Uint8Array, complete: boolean): string | null {
  const first = new FirstLine();
  try {
    if (isZip(head)) {
      let csvEntries = 0;
      const unzip = new Unzip((file) => {
        // A second CSV makes the archive one the import refuses, whatever its header says (null below).
        if (!isCsvEntry(file.name) || ++csvEntries > 1) return;
        file.ondata = (err, chunk) => {
          if (err) throw err;
          first.add(chunk);
        };
        file.start();
      });
      unzip.register(UnzipInflate);
      unzip.push(head, complete);
      if (csvEntries > 1) return null;
    } else if (isGzip(head)) {
      new Gunzip((chunk) => first.add(chunk)).push(head, complete);
    } else {
      first.add(head);
    }
  } catch {
    return null;
  }
  if (complete) first.end();
  if (!first.line) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(first.line);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  } catch {
    return null;
  }
}
