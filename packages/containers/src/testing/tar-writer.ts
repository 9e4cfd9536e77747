/** Test helper: a small ustar writer (own code), for archives the tar reader and detectors must read. */

/**
 * A ustar archive (what Python's tarfile writes): 512-byte headers with octal fields and a checksum,
 * data padded to 512 bytes, two zero blocks at the end. `pax` adds an extended header with `path`.
 */
export interface TarWriterEntry {
  name: string;
  data: Uint8Array;
  /** Written as a PAX extended header `path` record (the name in the ustar header is then ignored). */
  pax?: string;
  /** Written as a GNU long-name ("L") entry before the member. */
  longName?: string;
}

export function writeTar(members: TarWriterEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const header = (name: string, size: number, type: string): Uint8Array => {
    const h = new Uint8Array(512);
    const put = (text: string, at: number) => h.set(new TextEncoder().encode(text), at);
    put(name.slice(0, 99), 0);
    put("0000644\0", 100);
    put("0000000\0", 108);
    put("0000000\0", 116);
    put(`${size.toString(8).padStart(11, "0")}\0`, 124);
    put("00000000000\0", 136);
    put(type, 156);
    put("ustar\0", 257);
    put("00", 263);
    h.fill(0x20, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    return h;
  };
  const pad = (data: Uint8Array) => {
    const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
    out.set(data);
    return out;
  };
  for (const m of members) {
    if (m.pax) {
      const line = (len: number) => `${len} path=${m.pax}\n`;
      let len = line(0).length;
      while (line(len).length !== len) len = line(len).length;
      const body = new TextEncoder().encode(line(len));
      blocks.push(header("PaxHeaders/x", body.length, "x"), pad(body));
    }
    if (m.longName) {
      const body = new TextEncoder().encode(`${m.longName}\0`);
      blocks.push(header("././@LongLink", body.length, "L"), pad(body));
    }
    blocks.push(header(m.name, m.data.length, "0"), pad(m.data));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
