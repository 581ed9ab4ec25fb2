import { readTflite, TfliteGraph, TfliteTensor } from './read-tflite';

/**
 * Converts a uint8-quantised TFLite image classifier (MobileNet family, with a pooling or a
 * FULLY_CONNECTED head) to a TF.js graph model.
 *
 * The network runs in float32 on TF.js: weights are stored as uint8 with TF.js's own weight
 * quantisation (value = q * scale + min, exactly TFLite's (q - zeroPoint) * scale), biases are
 * dequantised to float32. Activations stay float: measured on the reference photos, rounding them
 * to TFLite's uint8 grid in the graph moved results further from the TFLite runtime's, not closer.
 */

export interface GraphModelArtifacts {
  /** The model.json object (TF.js `graph-model` format). */
  modelJson: GraphModelJson;
  /** Concatenated weights in manifest order. */
  weightData: Uint8Array;
  input: { name: string; shape: number[] };
  output: { name: string; shape: number[] };
}

export interface GraphModelJson {
  format: 'graph-model';
  generatedBy: string;
  convertedBy: string;
  modelTopology: { node: GraphNode[]; library: Record<string, never>; versions: { producer: number } };
  weightsManifest: Array<{ paths: string[]; weights: WeightEntry[] }>;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'uint8'; scale: number; min: number };
}

export interface ConvertOptions {
  /** File name the weights are written to, referenced from model.json. */
  weightsFile?: string;
}

export const CONVERTER_NAME = 'whatsthat tflite-to-tfjs 1';

const PADDING = ['SAME', 'VALID'];
const ACTIVATION: Record<number, string | undefined> = { 0: undefined, 1: 'Relu', 3: 'Relu6' };

export function convertTfliteToGraphModel(tflite: Uint8Array, options: ConvertOptions = {}): GraphModelArtifacts {
  return convertTfliteGraph(readTflite(tflite), options);
}

/** The same, from a graph already read (tests convert a part of a real model). */
export function convertTfliteGraph(graph: TfliteGraph, options: ConvertOptions = {}): GraphModelArtifacts {
  return new GraphBuilder(graph, options).build();
}

class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly weights: WeightEntry[] = [];
  private readonly chunks: Uint8Array[] = [];
  /** TFLite tensor index → name of the graph node that produces its float value. */
  private readonly produced = new Map<number, string>();

  constructor(
    private readonly g: TfliteGraph,
    private readonly options: ConvertOptions,
  ) {}

  build(): GraphModelArtifacts {
    if (this.g.inputs.length !== 1 || this.g.outputs.length !== 1) {
      throw new Error('only single-input, single-output models are supported');
    }
    const input = this.tensor(this.g.inputs[0]);
    this.addInput(this.g.inputs[0], input);
    this.g.operators.forEach((op, i) => {
      const out = op.outputs[0];
      const name = `op${i}_${op.opcode.toLowerCase()}`;
      const x = op.inputs.length > 0 ? this.value(op.inputs[0]) : '';
      const o = op.options;
      switch (op.opcode) {
        case 'CONV_2D':
          this.produced.set(out, this.conv(name, '_FusedConv2D', x, op.inputs, {
            padding: o?.int8(0) ?? 0, strideW: o?.int32(1, 1) ?? 1, strideH: o?.int32(2, 1) ?? 1,
            activation: o?.int8(3) ?? 0, dilationW: o?.int32(4, 1) ?? 1, dilationH: o?.int32(5, 1) ?? 1,
          }));
          break;
        case 'DEPTHWISE_CONV_2D':
          this.produced.set(out, this.conv(name, 'FusedDepthwiseConv2dNative', x, op.inputs, {
            padding: o?.int8(0) ?? 0, strideW: o?.int32(1, 1) ?? 1, strideH: o?.int32(2, 1) ?? 1,
            activation: o?.int8(4) ?? 0, dilationW: o?.int32(5, 1) ?? 1, dilationH: o?.int32(6, 1) ?? 1,
            depthMultiplier: o?.int32(3, 1) ?? 1,
          }));
          break;
        case 'ADD':
          this.produced.set(out, this.activation(name, this.node(name, 'AddV2', [x, this.value(op.inputs[1])], { T: dtFloat }), o?.int8(0) ?? 0));
          break;
        case 'AVERAGE_POOL_2D':
          this.produced.set(out, this.activation(name, this.node(name, 'AvgPool', [x], {
            T: dtFloat,
            ksize: ints([1, o!.int32(4), o!.int32(3), 1]),
            strides: ints([1, o!.int32(2), o!.int32(1), 1]),
            padding: str(PADDING[o!.int8(0)]),
            data_format: str('NHWC'),
          }), o!.int8(5)));
          break;
        case 'RESHAPE': {
          const shape = this.constInt32(`${name}/shape`, this.tensor(out).shape);
          this.produced.set(out, this.node(name, 'Reshape', [x, shape], { T: dtFloat, Tshape: { type: 'DT_INT32' } }));
          break;
        }
        case 'FULLY_CONNECTED':
          // FullyConnectedOptions: 0 fused_activation_function, 1 weights_format, 2 keep_num_dims.
          if ((o?.int8(1) ?? 0) !== 0) throw new Error('FULLY_CONNECTED: only the DEFAULT weights format is supported');
          this.produced.set(out, this.fullyConnected(name, x, op.inputs, o?.int8(0) ?? 0));
          break;
        case 'SOFTMAX': {
          const beta = o?.float32(0, 1) ?? 1;
          const logits = beta === 1 ? x : this.node(`${name}/beta`, 'Mul', [x, this.constFloat(`${name}/beta_value`, beta)], { T: dtFloat });
          this.produced.set(out, this.node(name, 'Softmax', [logits], { T: dtFloat }));
          break;
        }
        default:
          throw new Error(`unsupported TFLite operator ${op.opcode}`);
      }
    });
    const outputIndex = this.g.outputs[0];
    const outputNode = this.node('output', 'Identity', [this.value(outputIndex)], { T: dtFloat });
    const weightsFile = this.options.weightsFile ?? 'weights.bin';
    return {
      modelJson: {
        format: 'graph-model',
        generatedBy: 'tflite',
        convertedBy: CONVERTER_NAME,
        modelTopology: { node: this.nodes, library: {}, versions: { producer: 1 } },
        weightsManifest: [{ paths: [weightsFile], weights: this.weights }],
      },
      weightData: concat(this.chunks),
      input: { name: 'input', shape: input.shape },
      output: { name: outputNode, shape: this.tensor(outputIndex).shape },
    };
  }

  private tensor(index: number): TfliteTensor {
    return this.g.tensors[index];
  }

  private value(index: number): string {
    const name = this.produced.get(index);
    if (!name) throw new Error(`tensor ${this.tensor(index).name} is used before it is produced`);
    return name;
  }

  /** The uint8 input is dequantised inside the graph, so callers feed raw RGB pixels. */
  private addInput(index: number, t: TfliteTensor): void {
    this.node('input', 'Placeholder', [], { dtype: { type: 'DT_INT32' }, shape: { shape: { dim: t.shape.map((size) => ({ size: String(size) })) } } });
    const cast = this.node('input/cast', 'Cast', ['input'], { SrcT: { type: 'DT_INT32' }, DstT: dtFloat, Truncate: { b: false } });
    const q = t.quantization;
    if (t.type !== 'uint8' || !q) {
      this.produced.set(index, cast);
      return;
    }
    const centred = this.node('input/centre', 'Sub', [cast, this.constFloat('input/zero_point', q.zeroPoint[0])], { T: dtFloat });
    this.produced.set(index, this.node('input/scale', 'Mul', [centred, this.constFloat('input/scale_value', q.scale[0])], { T: dtFloat }));
  }

  private conv(name: string, op: string, x: string, inputs: number[], p: ConvParams): string {
    const filterTensor = this.tensor(inputs[1]);
    const [outC, h, w, inC] = filterTensor.shape;
    // TFLite filters are OHWI (conv) or 1HW(C*M) (depthwise); TF wants HWIO and HWCM.
    const filterShape = op === '_FusedConv2D' ? [h, w, inC, outC] : [h, w, inC / (p.depthMultiplier ?? 1), p.depthMultiplier ?? 1];
    const filterData = op === '_FusedConv2D' ? transposeOhwiToHwio(filterTensor.data!, filterTensor.shape) : filterTensor.data!;
    const filter = this.constQuantized(`${name}/filter`, filterShape, filterData, filterTensor);
    const bias = this.constBias(`${name}/bias`, this.tensor(inputs[2]));
    const activation = ACTIVATION[p.activation];
    if (ACTIVATION[p.activation] === undefined && p.activation !== 0) throw new Error(`unsupported fused activation ${p.activation}`);
    return this.node(name, op, [x, filter, bias], {
      T: dtFloat,
      num_args: { i: '1' },
      fused_ops: { list: { s: ['BiasAdd', ...(activation ? [activation] : [])].map((s) => b64(s)) } },
      strides: ints([1, p.strideH, p.strideW, 1]),
      dilations: ints([1, p.dilationH, p.dilationW, 1]),
      padding: str(PADDING[p.padding]),
      data_format: str('NHWC'),
      explicit_paddings: { list: {} },
      epsilon: { f: 0 },
      leakyrelu_alpha: { f: 0.2 },
    });
  }

  /**
   * TFLite keeps the weights [out, in] and flattens the input to [batch, in]: a Reshape, then
   * MatMul against the transposed weights, then the bias (optional in TFLite) and the activation.
   */
  private fullyConnected(name: string, x: string, inputs: number[], activationCode: number): string {
    const weights = this.tensor(inputs[1]);
    const [outC, inC] = weights.shape;
    if (weights.shape.length !== 2 || !weights.data) throw new Error(`FULLY_CONNECTED ${weights.name}: expected constant weights [out, in]`);
    const flat = this.node(`${name}/flatten`, 'Reshape', [x, this.constInt32(`${name}/flatten_shape`, [-1, inC])], { T: dtFloat, Tshape: { type: 'DT_INT32' } });
    const filter = this.constQuantized(`${name}/weights`, [outC, inC], weights.data, weights);
    let y = this.node(`${name}/matmul`, 'MatMul', [flat, filter], { T: dtFloat, transpose_a: { b: false }, transpose_b: { b: true } });
    const biasIndex = inputs[2];
    if (biasIndex !== undefined && biasIndex >= 0) y = this.node(`${name}/bias_add`, 'BiasAdd', [y, this.constBias(`${name}/bias`, this.tensor(biasIndex))], { T: dtFloat, data_format: str('NHWC') });
    return this.activation(name, y, activationCode);
  }

  private activation(name: string, x: string, code: number): string {
    const op = ACTIVATION[code];
    if (code !== 0 && !op) throw new Error(`unsupported fused activation ${code}`);
    return op ? this.node(`${name}/${op.toLowerCase()}`, op, [x], { T: dtFloat }) : x;
  }

  private node(name: string, op: string, input: string[], attr: Record<string, unknown>): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }

  private constNode(name: string, shape: number[], dtype: 'DT_FLOAT' | 'DT_INT32'): string {
    return this.node(name, 'Const', [], {
      value: { tensor: { dtype, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } },
      dtype: { type: dtype },
    });
  }

  private constFloat(name: string, value: number): string {
    this.addWeight({ name, shape: [], dtype: 'float32' }, new Uint8Array(new Float32Array([value]).buffer));
    return this.constNode(name, [], 'DT_FLOAT');
  }

  private constInt32(name: string, values: number[]): string {
    this.addWeight({ name, shape: [values.length], dtype: 'int32' }, new Uint8Array(new Int32Array(values).buffer));
    return this.constNode(name, [values.length], 'DT_INT32');
  }

  private constQuantized(name: string, shape: number[], data: Uint8Array, source: TfliteTensor): string {
    const q = source.quantization;
    if (source.type !== 'uint8' || !q || q.scale.length !== 1) {
      throw new Error(`weights ${source.name}: only per-tensor uint8 quantisation is supported`);
    }
    const [scale, zeroPoint] = [q.scale[0], q.zeroPoint[0]];
    this.addWeight({ name, shape, dtype: 'float32', quantization: { dtype: 'uint8', scale, min: -zeroPoint * scale } }, data);
    return this.constNode(name, shape, 'DT_FLOAT');
  }

  private constBias(name: string, t: TfliteTensor): string {
    if (t.type !== 'int32' || !t.quantization || !t.data) throw new Error(`bias ${t.name}: expected quantised int32`);
    const raw = new Int32Array(t.data.slice().buffer);
    const scale = t.quantization.scale[0];
    const values = Float32Array.from(raw, (v) => v * scale);
    this.addWeight({ name, shape: t.shape, dtype: 'float32' }, new Uint8Array(values.buffer));
    return this.constNode(name, t.shape, 'DT_FLOAT');
  }

  private addWeight(entry: WeightEntry, bytes: Uint8Array): void {
    this.weights.push(entry);
    this.chunks.push(bytes);
  }
}

interface ConvParams {
  padding: number;
  strideW: number;
  strideH: number;
  activation: number;
  dilationW: number;
  dilationH: number;
  depthMultiplier?: number;
}

const dtFloat = { type: 'DT_FLOAT' };

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function str(s: string): { s: string } {
  return { s: b64(s) };
}

function ints(values: number[]): { list: { i: string[] } } {
  return { list: { i: values.map(String) } };
}

function transposeOhwiToHwio(data: Uint8Array, [o, h, w, i]: number[]): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let oo = 0; oo < o; oo++)
    for (let hh = 0; hh < h; hh++)
      for (let ww = 0; ww < w; ww++)
        for (let ii = 0; ii < i; ii++) out[((hh * w + ww) * i + ii) * o + oo] = data[((oo * h + hh) * w + ww) * i + ii];
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
