/**
 * Just enough of the FlatBuffers wire format to read a TFLite model: tables with vtables,
 * vectors, strings and scalars, all little-endian. See google/flatbuffers docs "Internals".
 */
export class FlatTable {
  constructor(
    private readonly view: DataView,
    readonly pos: number,
  ) {}

  static root(bytes: Uint8Array): FlatTable {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new FlatTable(view, view.getUint32(0, true));
  }

  /** Byte offset of field `index` inside this table, or 0 when the field is absent. */
  private fieldOffset(index: number): number {
    const vtable = this.pos - this.view.getInt32(this.pos, true);
    const vtableSize = this.view.getUint16(vtable, true);
    const slot = 4 + 2 * index;
    return slot < vtableSize ? this.view.getUint16(vtable + slot, true) : 0;
  }

  int32(index: number, fallback = 0): number {
    const o = this.fieldOffset(index);
    return o ? this.view.getInt32(this.pos + o, true) : fallback;
  }

  uint32(index: number, fallback = 0): number {
    const o = this.fieldOffset(index);
    return o ? this.view.getUint32(this.pos + o, true) : fallback;
  }

  int8(index: number, fallback = 0): number {
    const o = this.fieldOffset(index);
    return o ? this.view.getInt8(this.pos + o) : fallback;
  }

  uint8(index: number, fallback = 0): number {
    const o = this.fieldOffset(index);
    return o ? this.view.getUint8(this.pos + o) : fallback;
  }

  float32(index: number, fallback = 0): number {
    const o = this.fieldOffset(index);
    return o ? this.view.getFloat32(this.pos + o, true) : fallback;
  }

  private indirect(index: number): number | undefined {
    const o = this.fieldOffset(index);
    if (!o) return undefined;
    const at = this.pos + o;
    return at + this.view.getUint32(at, true);
  }

  table(index: number): FlatTable | undefined {
    const at = this.indirect(index);
    return at === undefined ? undefined : new FlatTable(this.view, at);
  }

  string(index: number): string | undefined {
    const bytes = this.bytes(index);
    return bytes && new TextDecoder().decode(bytes);
  }

  /** A vector of bytes, as a view into the model (no copy). */
  bytes(index: number): Uint8Array | undefined {
    const at = this.indirect(index);
    if (at === undefined) return undefined;
    const length = this.view.getUint32(at, true);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + at + 4, length);
  }

  private vector<T>(index: number, elementSize: number, read: (at: number) => T): T[] {
    const at = this.indirect(index);
    if (at === undefined) return [];
    const length = this.view.getUint32(at, true);
    return Array.from({ length }, (_, i) => read(at + 4 + i * elementSize));
  }

  int32s(index: number): number[] {
    return this.vector(index, 4, (at) => this.view.getInt32(at, true));
  }

  float32s(index: number): number[] {
    return this.vector(index, 4, (at) => this.view.getFloat32(at, true));
  }

  int64s(index: number): number[] {
    return this.vector(index, 8, (at) => Number(this.view.getBigInt64(at, true)));
  }

  tables(index: number): FlatTable[] {
    return this.vector(index, 4, (at) => new FlatTable(this.view, at + this.view.getUint32(at, true)));
  }
}
