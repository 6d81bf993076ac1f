/**
 * NumPy's `.npy` format, version 1–3 (numpy.lib.format): magic `\x93NUMPY`, a version, a header
 * length, a Python-literal dict with `descr`, `fortran_order` and `shape`, then the raw C-order data.
 * Little-endian numeric dtypes only: what `np.save` writes on every common machine.
 */

export interface NpyArray {
  readonly shape: readonly number[];
  /** The dtype as written, e.g. `<f4`, `|u1`. */
  readonly dtype: string;
  /** Raw bytes stay bytes (images); every other dtype is read into float64. */
  readonly data: Uint8Array | Float64Array;
}

const READERS: Record<string, { size: number; read: (v: DataView, at: number) => number }> = {
  '<f4': { size: 4, read: (v, at) => v.getFloat32(at, true) },
  '<f8': { size: 8, read: (v, at) => v.getFloat64(at, true) },
  '|i1': { size: 1, read: (v, at) => v.getInt8(at) },
  '<i2': { size: 2, read: (v, at) => v.getInt16(at, true) },
  '<u2': { size: 2, read: (v, at) => v.getUint16(at, true) },
  '<i4': { size: 4, read: (v, at) => v.getInt32(at, true) },
  '<u4': { size: 4, read: (v, at) => v.getUint32(at, true) },
  '<i8': { size: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  '<u8': { size: 8, read: (v, at) => Number(v.getBigUint64(at, true)) },
  '|b1': { size: 1, read: (v, at) => v.getUint8(at) },
};

export function parseNpy(bytes: Uint8Array): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.byteLength < 10 || magic.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file (no \\x93NUMPY magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6] as number;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`unreadable .npy header: ${header.trim()}`);
  if (fortran === 'True') throw new Error('Fortran-ordered arrays are not supported; save np.ascontiguousarray(a)');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (descr === '|u1') {
    if (bytes.byteLength < offset + count) throw new Error('truncated .npy file');
    return { shape, dtype: descr, data: bytes.subarray(offset, offset + count) };
  }
  const reader = READERS[descr];
  if (reader === undefined) {
    const hint = descr.startsWith('>') ? ' (big-endian: save a.astype(a.dtype.newbyteorder("<")))' : '';
    throw new Error(`unsupported dtype '${descr}'${hint}; use a little-endian float, int, uint or bool array`);
  }
  if (bytes.byteLength < offset + count * reader.size) throw new Error('truncated .npy file');
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = reader.read(view, offset + i * reader.size);
  return { shape, dtype: descr, data };
}
