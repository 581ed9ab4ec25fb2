import { FlatTable } from './flatbuffer';

/**
 * A TFLite model read into plain objects. Field numbers follow tensorflow/lite/schema/schema.fbs;
 * only what the converter needs is read.
 */
export interface TfliteTensor {
  name: string;
  shape: number[];
  type: TensorType;
  /** Raw little-endian contents for constant tensors (weights, biases, shapes), else undefined. */
  data?: Uint8Array;
  quantization?: { scale: number[]; zeroPoint: number[]; quantizedDimension: number };
}

export interface TfliteOperator {
  opcode: string;
  inputs: number[];
  outputs: number[];
  options?: FlatTable;
}

export interface TfliteGraph {
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export type TensorType = 'float32' | 'float16' | 'int32' | 'uint8' | 'int64' | 'int8' | 'other';

const TENSOR_TYPES: Record<number, TensorType> = { 0: 'float32', 1: 'float16', 2: 'int32', 3: 'uint8', 4: 'int64', 9: 'int8' };

/** The builtin operators MobileNet-style models use (BuiltinOperator enum values). */
const BUILTIN_OPERATORS: Record<number, string> = {
  0: 'ADD',
  1: 'AVERAGE_POOL_2D',
  2: 'CONCATENATION',
  3: 'CONV_2D',
  4: 'DEPTHWISE_CONV_2D',
  6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED',
  14: 'LOGISTIC',
  17: 'MAX_POOL_2D',
  18: 'MUL',
  19: 'RELU',
  21: 'RELU6',
  22: 'RESHAPE',
  25: 'SOFTMAX',
  40: 'MEAN',
  114: 'QUANTIZE',
};

/** The TFLite file identifier, bytes 4..8 of every model. */
const FILE_IDENTIFIER = 'TFL3';

export function readTflite(bytes: Uint8Array): TfliteGraph {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(4, 8)) !== FILE_IDENTIFIER) {
    throw new Error('not a TFLite model (missing the TFL3 file identifier)');
  }
  const model = FlatTable.root(bytes);
  const opcodes = model.tables(1).map(readOpcode);
  const buffers = model.tables(4).map((b) => b.bytes(0));
  const subgraphs = model.tables(2);
  if (subgraphs.length !== 1) throw new Error(`expected one subgraph, found ${subgraphs.length}`);
  const graph = subgraphs[0];

  const tensors = graph.tables(0).map((t): TfliteTensor => {
    const q = t.table(4);
    const scale = q?.float32s(2) ?? [];
    const data = buffers[t.uint32(2)];
    return {
      name: t.string(3) ?? '',
      shape: t.int32s(0),
      type: TENSOR_TYPES[t.int8(1)] ?? 'other',
      data: data && data.length > 0 ? data : undefined,
      quantization: scale.length > 0 ? { scale, zeroPoint: q!.int64s(3), quantizedDimension: q!.int32(6) } : undefined,
    };
  });

  const operators = graph.tables(3).map(
    (op): TfliteOperator => ({
      opcode: opcodes[op.uint32(0)],
      inputs: op.int32s(1),
      outputs: op.int32s(2),
      options: op.table(4),
    }),
  );
  return { tensors, inputs: graph.int32s(1), outputs: graph.int32s(2), operators };
}

function readOpcode(code: FlatTable): string {
  // Newer files keep small codes in the deprecated int8 field and the real value in field 3.
  const builtin = Math.max(code.int8(0), code.int32(3));
  return BUILTIN_OPERATORS[builtin] ?? `BUILTIN_${builtin}`;
}
