/**
 * Git LFS: replaces a pointer by the real object from the local LFS store, so the model is scanned,
 * not its ~130-byte pointer; throws LfsObjectMissing when the object is not there.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { LfsObjectMissing, parseLfsPointer } from "@watchtower/source";

export async function resolveLfs(bytes: Uint8Array, gitDir: string | undefined): Promise<Uint8Array> {
  const pointer = parseLfsPointer(bytes);
  if (!pointer) return bytes;
  if (gitDir) {
    const object = join(gitDir, "lfs", "objects", pointer.oid.slice(0, 2), pointer.oid.slice(2, 4), pointer.oid);
    try {
      const data = await readFile(object);
      if (data.length === pointer.size) return data;
    } catch {
      // absent: fall through
    }
  }
  throw new LfsObjectMissing(pointer);
}
