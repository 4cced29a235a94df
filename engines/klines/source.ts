import { gunzipSync, unzipSync } from 'fflate';

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
