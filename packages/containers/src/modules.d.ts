// seek-bzip ships no types; only the shape used by decompress.ts is declared.
declare module "seek-bzip" {
  const Bunzip: {
    decode(input: Uint8Array, output: { writeByte(byte: number): void }, multistream?: boolean): unknown;
  };
  export default Bunzip;
}
