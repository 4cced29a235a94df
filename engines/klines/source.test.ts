import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeKlineSource, KlineSourceError, readKlineSourceHeader } from './source';
import { readSharedData } from './test-helpers/shared-data';

const CSV = 'symbol,dt,open,close,high,low,vol\n000001.SH,2020-01-02 15:00:00,1,1,1,1,1\n';

function expectSourceError(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(KlineSourceError);
  expect((caught as Error).message).toMatch(message);
}

describe('decodeKlineSource', () => {
  it('returns plain UTF-8 CSV text unchanged', () => {
    expect(decodeKlineSource(strToU8(CSV), 'bars.csv')).toBe(CSV);
  });

  it('drops the UTF-8 byte-order mark that Excel writes', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(CSV)]);
    expect(decodeKlineSource(bytes, 'bars.csv')).toBe(CSV);
  });

  it('keeps non-ASCII text intact', () => {
    const text = 'symbol,name\n000001.SH,上证指数\n';
    expect(decodeKlineSource(strToU8(text), 'bars.csv')).toBe(text);
  });

  it('extracts the single CSV of the shared 1-minute zip', () => {
    const text = decodeKlineSource(readSharedData('ashare/000001.XSHG_1min.zip'), '000001.XSHG_1min.zip');
    expect(text.startsWith('symbol,id,dt,freq,open,close,high,low,vol\r\n000001.XSHG,0,2015-01-05 09:31:00,Freq.F1,')).toBe(true);
    expect(text.split('\n').length).toBe(239_552);
  });

  it('extracts the CSV from a zip that also holds other files and macOS shadow entries', () => {
    const zip = zipSync({
      'README.txt': strToU8('about'),
      'data/bars.csv': strToU8(CSV),
      '__MACOSX/data/._bars.csv': new Uint8Array([0, 5, 22, 7]),
      'data/': new Uint8Array(),
    });
    expect(decodeKlineSource(zip, 'upload.zip')).toBe(CSV);
  });

  it('treats .CSV entry names case-insensitively', () => {
    expect(decodeKlineSource(zipSync({ 'BARS.CSV': strToU8(CSV) }), 'upload.zip')).toBe(CSV);
  });

  it('rejects a zip with two CSV files, naming both', () => {
    const zip = zipSync({ 'a.csv': strToU8(CSV), 'b.csv': strToU8(CSV) });
    expectSourceError(() => decodeKlineSource(zip, 'two.zip'), /two\.zip contains 2 \.csv files \(a\.csv, b\.csv\)/);
  });

  it('rejects a zip without any CSV file', () => {
    const zip = zipSync({ 'notes.txt': strToU8('hello') });
    expectSourceError(() => decodeKlineSource(zip, 'none.zip'), /none\.zip contains no \.csv file/);
  });

  it('rejects an empty zip archive', () => {
    expectSourceError(() => decodeKlineSource(zipSync({}), 'empty.zip'), /contains no \.csv file/);
  });

  it('rejects a truncated zip archive', () => {
    const zip = zipSync({ 'a.csv': strToU8(CSV.repeat(50)) });
    expectSourceError(() => decodeKlineSource(zip.slice(0, 40), 'cut.zip'), /cut\.zip is not a readable zip archive/);
  });

  it('refuses to inflate a CSV larger than the configured limit', () => {
    const zip = zipSync({ 'big.csv': strToU8(CSV.repeat(100)) });
    expectSourceError(
      () => decodeKlineSource(zip, 'big.zip', { maxUncompressedBytes: 1000 }),
      /big\.csv in big\.zip is larger than 1000 bytes/,
    );
  });

  it('decodes a gzipped CSV', () => {
    expect(decodeKlineSource(gzipSync(strToU8(CSV)), 'bars.csv.gz')).toBe(CSV);
  });

  it('rejects a file named .zip whose content is not an archive', () => {
    expectSourceError(() => decodeKlineSource(strToU8(CSV), 'bars.zip'), /named like an archive/);
  });

  it('rejects bytes that are not valid UTF-8, suggesting a re-save', () => {
    // "上证" in GBK.
    const gbk = new Uint8Array([...strToU8('symbol\n'), 0xc9, 0xcf, 0xd6, 0xa4, 0x0a]);
    expectSourceError(() => decodeKlineSource(gbk, 'gbk.csv'), /gbk\.csv is not valid UTF-8.*save it as UTF-8/);
  });

  it('rejects UTF-16 text', () => {
    expectSourceError(() => decodeKlineSource(new Uint8Array([0xff, 0xfe, 0x73, 0x00]), 'u16.csv'), /UTF-16/);
  });

  it('rejects an empty upload', () => {
    expectSourceError(() => decodeKlineSource(new Uint8Array(), 'nothing.csv'), /nothing\.csv is empty/);
  });
});

describe('readKlineSourceHeader', () => {
  it('reads the header of the shared 1-minute zip from its first 64 KiB, without inflating the rest', () => {
    const zip = readSharedData('ashare/000001.XSHG_1min.zip');
    expect(readKlineSourceHeader(zip.subarray(0, 65_536), false)).toBe('symbol,id,dt,freq,open,close,high,low,vol');
  });

  it('reads the header of a plain CSV (BOM and CR dropped) and of a gzipped one', () => {
    const daily = readSharedData('ashare/000001.SH_D.csv');
    expect(readKlineSourceHeader(daily.subarray(0, 4096), false)).toBe('symbol,dt,open,close,high,low,vol');
    expect(readKlineSourceHeader(new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8('Date,Close\r\n1,2')]), false)).toBe('Date,Close');
    expect(readKlineSourceHeader(gzipSync(daily).subarray(0, 4096), false)).toBe('symbol,dt,open,close,high,low,vol');
  });

  it('takes a whole source without a line break as its header', () => {
    expect(readKlineSourceHeader(strToU8('dt,open'), true)).toBe('dt,open');
    expect(readKlineSourceHeader(zipSync({ 'x/a.csv': strToU8('dt,open') }), true)).toBe('dt,open');
  });

  it('gives up (null) where the import itself must judge: a cut-off header, two CSVs, not UTF-8, not an archive', () => {
    expect(readKlineSourceHeader(strToU8('dt,open'), false)).toBeNull();
    expect(readKlineSourceHeader(readSharedData('ashare/000001.XSHG_1min.zip').subarray(0, 100), false)).toBeNull();
    expect(readKlineSourceHeader(zipSync({ 'a.csv': strToU8('a\n'), 'b.csv': strToU8('b\n') }), true)).toBeNull();
    expect(readKlineSourceHeader(new Uint8Array([0xc4, 0xea, 0x0a]), true)).toBeNull();
    expect(readKlineSourceHeader(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), true)).toBeNull();
  });
});
