/**
 * Git LFS pointer files: the blob git stores for an LFS-tracked model is a ~130-byte text pointer.
 * Scanners that read the blob scan the pointer and pass; we resolve it to the real object.
 */
export interface LfsPointer {
  oid: string;
  size: number;
}

const HEADER = "version https://git-lfs.github.com/spec/v1";

export function parseLfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.length > 1024 || bytes.length < HEADER.length) return undefined;
  for (let i = 0; i < HEADER.length; i++) if (bytes[i] !== HEADER.charCodeAt(i)) return undefined;
  const text = new TextDecoder().decode(bytes);
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d{1,15})$/m.exec(text)?.[1];
  return oid && size ? { oid, size: Number(size) } : undefined;
}

/** Error a reader throws when a pointer's object is not in the local LFS store. */
export class LfsObjectMissing extends Error {
  readonly skipReason = "lfs_pointer" as const;
  constructor(readonly pointer: LfsPointer) {
    super(`Git LFS pointer: object ${pointer.oid.slice(0, 12)}… (${pointer.size} bytes) is not in the local LFS store; run git lfs pull`);
    this.name = "LfsObjectMissing";
  }
}
