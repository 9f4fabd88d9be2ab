/**
 * An encoder-decoder (sequence-to-sequence) network, with optional dot-product attention (Luong et al. 2015).
 *
 * Encoder: source ids s_1..s_S -> embedding -> Cell -> states h_1^enc .. h_S^enc; the last state (h, and c for
 * the LSTM) starts the decoder. Decoder, teacher-forced in training (its input at step t is the true y_{t-1},
 * y_0 = BOUNDARY):
 *   h_t = Cell(E'[y_{t-1}], h_{t-1})
 *   without attention:  p_t = softmax(W_o h_t + b_o)
 *   with attention:     e_{t,s} = h_t · h_s^enc   (PAD source positions get -∞)
 *                       α_{t,s} = softmax_s(e_{t,s}),   c_t = Σ_s α_{t,s} h_s^enc
 *                       p_t = softmax(W_o [h_t ; c_t] + b_o)
 * Greedy decoding feeds back the argmax symbol until BOUNDARY (or the length limit).
 *
 * The whole network is one Keras-style layer (Seq2SeqNet) in a one-input LayersModel, so the shared training loop
 * (../train/fit.ts) trains it: its input packs [source | decoder input] per row (../data/char-text.ts,
 * encoderDecoderBatch), its output is p [batch, T, V].
 *
 * Saving: Seq2SeqNet is a registered class whose config is (cell, sizes, attention, seed, layer name), so
 * saveModel(model, dir) / loadModel(dir) (../cells/save.ts) round-trip it like any other model: loadModel rebuilds
 * the same sub-layers under the same name, so every saved weight finds its variable by name
 * ("<net>/<sub-layer>/<weight>"), and greedyDecode accepts the loaded LayersModel itself.
 */
import * as tf from "@tensorflow/tfjs";
import { CELL_NAMES, type CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { BOUNDARY_ID, CHAR_PAD_ID } from "../data/char-text";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";

/** Sizes of an encoder-decoder: vocabularies, embedding, units, cell, and whether the decoder attends. */
export interface Seq2SeqOptions {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** Source ids per row (pre-padded). */
  sourceLength: number;
  /** Decoder steps per row (post-padded). */
  targetLength: number;
  /** Recurrent units of encoder and decoder (default 64). */
  units?: number;
  /** Embedding width of source and target symbols (default 16). */
  embeddingDim?: number;
  /** Dot-product attention over the encoder states (default false). */
  attention?: boolean;
  /** Initialisation seed (default 1). */
  seed?: number;
}

interface DecodeResult {
  probabilities: tf.Tensor3D;
  state: tf.Tensor2D[];
  /** α [batch, steps, S] with attention. */
  weights?: tf.Tensor3D;
}

/** Dot-product attention: weights α [B, T, S] (softmax over unmasked source steps) and contexts c [B, T, H]. */
export function dotProductAttention(
  decoderStates: tf.Tensor3D,
  encoderStates: tf.Tensor3D,
  sourceIds: tf.Tensor2D,
): { weights: tf.Tensor3D; context: tf.Tensor3D } {
  const scores = tf.matMul(decoderStates, encoderStates, false, true);
  const padding = tf.expandDims(tf.mul(tf.cast(tf.equal(sourceIds, CHAR_PAD_ID), "float32"), -1e9), 1);
  const weights = tf.softmax(tf.add(scores, padding)) as tf.Tensor3D;
  return { weights, context: tf.matMul(weights, encoderStates) };
}

export class Seq2SeqNet extends tf.layers.Layer {
  static className = "Seq2SeqNet";
  readonly cellName: CellName;
  readonly options: Required<Seq2SeqOptions>;
  private readonly sourceEmbedding: tf.layers.Layer;
  private readonly targetEmbedding: tf.layers.Layer;
  private readonly encoder: tf.layers.Layer;
  private readonly decoder: tf.layers.Layer;
  private readonly outputLayer: tf.layers.Layer;

  /** `name` is given when loadModel rebuilds a saved net: the saved weights are named after it. */
  constructor(cell: CellName, options: Seq2SeqOptions, name?: string) {
    super({ name: name ?? `${cell}_seq2seq${options.attention ? "_attention" : ""}` });
    this.cellName = cell;
    this.options = { units: 64, embeddingDim: 16, attention: false, seed: 1, ...options };
    const { units, embeddingDim, seed } = this.options;
    const embedding = (inputDim: number, index: number, name: string) =>
      tf.layers.embedding({
        inputDim,
        outputDim: embeddingDim,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: layerSeed(seed, index) }),
        name,
      });
    this.sourceEmbedding = embedding(this.options.sourceVocabSize, 0, "source_embedding");
    this.targetEmbedding = embedding(this.options.targetVocabSize, 1, "target_embedding");
    const recurrent = { units, returnSequences: true, returnState: true };
    this.encoder = recurrentLayer(cell, { ...recurrent, seed: layerSeed(seed, 2), name: `${cell}_encoder` });
    this.decoder = recurrentLayer(cell, { ...recurrent, seed: layerSeed(seed, 3), name: `${cell}_decoder` });
    this.outputLayer = tf.layers.dense({
      units: this.options.targetVocabSize,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 4) }),
      name: "next_symbol",
    });
  }

  private get parts(): tf.layers.Layer[] {
    return [this.sourceEmbedding, this.targetEmbedding, this.encoder, this.decoder, this.outputLayer];
  }

  // The sub-layers' variables are this layer's: the training loop, getWeights/setWeights and countParams see them.
  override get trainableWeights(): tf.LayerVariable[] {
    return this.parts.flatMap((p) => p.trainableWeights);
  }
  override set trainableWeights(_weights: tf.LayerVariable[]) {
    // Set by the base constructor only; the sub-layers own their variables.
  }
  override get nonTrainableWeights(): tf.LayerVariable[] {
    return this.parts.flatMap((p) => p.nonTrainableWeights);
  }
  override set nonTrainableWeights(_weights: tf.LayerVariable[]) {}

  /** Build every sub-layer by running one dummy row through the network. */
  override build(): void {
    const { sourceLength, targetLength } = this.options;
    tf.tidy(() => {
      this.forward(tf.zeros([1, sourceLength + targetLength], "int32") as tf.Tensor2D);
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.options.targetLength, this.options.targetVocabSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.forward((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D).probabilities;
  }

  /** Encoder states [B, S, H] and the final state (h, and c for the LSTM). */
  encode(source: tf.Tensor2D): { states: tf.Tensor3D; final: tf.Tensor2D[] } {
    const [states, ...final] = this.encoder.apply(this.sourceEmbedding.apply(source)) as tf.Tensor[];
    return { states: states as tf.Tensor3D, final: final as tf.Tensor2D[] };
  }

  /** Decoder steps from `state` reading `previous` [B, t] ids, attending over the encoder states. */
  decode(previous: tf.Tensor2D, state: tf.Tensor2D[], encoderStates: tf.Tensor3D, source: tf.Tensor2D): DecodeResult {
    const embedded = this.targetEmbedding.apply(previous) as tf.Tensor;
    const [states, ...next] = this.decoder.apply(embedded, { initialState: state }) as tf.Tensor[];
    if (!this.options.attention) {
      return { probabilities: this.outputLayer.apply(states) as tf.Tensor3D, state: next as tf.Tensor2D[] };
    }
    const { weights, context } = dotProductAttention(states as tf.Tensor3D, encoderStates, source);
    const probabilities = this.outputLayer.apply(tf.concat([states, context], -1)) as tf.Tensor3D;
    return { probabilities, state: next as tf.Tensor2D[], weights };
  }

  /** Teacher-forced pass over packed rows [source | decoder input]. */
  forward(packed: tf.Tensor2D): DecodeResult {
    const { sourceLength: S, targetLength: T } = this.options;
    const source = packed.slice([0, 0], [-1, S]);
    const previous = packed.slice([0, S], [-1, T]);
    const encoded = this.encode(source);
    return this.decode(previous, encoded.final, encoded.states, source);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), cell: this.cellName, ...this.options };
  }

  /** The inverse of getConfig, for loadModel: the same cell and sizes under the saved name (weights come after). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    _cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { cell, name, trainable, sourceVocabSize, targetVocabSize, sourceLength, targetLength, units, embeddingDim, attention, seed } = config;
    const options = { sourceVocabSize, targetVocabSize, sourceLength, targetLength, units, embeddingDim, attention: attention === true, seed } as Seq2SeqOptions;
    checkSeq2SeqOptions("Seq2SeqNet", cell as CellName, options);
    const net = new Seq2SeqNet(cell as CellName, options, typeof name === "string" ? name : undefined);
    if (trainable === false) net.trainable = false;
    return net as unknown as T;
  }
}
tf.serialization.registerClass(Seq2SeqNet);

/** A bad cell name or size, as one line naming it (a typo in a call, or a hand-edited model.json). */
function checkSeq2SeqOptions(caller: string, cell: CellName, options: Seq2SeqOptions): void {
  if (!CELL_NAMES.includes(cell)) throw new Error(`${caller}: unknown cell '${String(cell)}': use one of ${CELL_NAMES.join(", ")}`);
  const { sourceVocabSize, targetVocabSize, sourceLength, targetLength, units = 64, embeddingDim = 16, seed = 1 } = options;
  for (const [name, value] of Object.entries({ sourceVocabSize, targetVocabSize, sourceLength, targetLength, units, embeddingDim })) {
    if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`${caller}: ${name} must be a positive integer, got ${String(value)}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`${caller}: seed must be a number, got ${String(seed)}`);
}

/**
 * An encoder-decoder ready to train (teacher forcing) and to decode greedily, with its attention weights when it has
 * attention. Save `model` with saveModel(model, dir); greedyDecode takes what loadModel(dir) gives back.
 */
export interface Seq2SeqModel {
  /** One-input model for the training loop: packed [batch, S + T] ids -> p [batch, T, V]. */
  model: tf.LayersModel;
  net: Seq2SeqNet;
}

/** Build (and initialise, seeded) an encoder-decoder for `cell`. */
export function buildSeq2Seq(cell: CellName, options: Seq2SeqOptions): Seq2SeqModel {
  checkSeq2SeqOptions("buildSeq2Seq", cell, options);
  const { sourceLength, targetLength, seed = 1 } = options;
  return withSeededRandom(seed, () => {
    const net = new Seq2SeqNet(cell, options);
    const packed = tf.input({ shape: [sourceLength + targetLength], dtype: "int32", name: "source_and_decoder_input" });
    const model = tf.model({ inputs: packed, outputs: net.apply(packed) as tf.SymbolicTensor, name: net.name });
    return { model, net };
  });
}

/** Parameters: two embeddings, encoder and decoder cells, and the output layer (which also reads c_t with attention). */
export function seq2seqParamCount(cell: CellName, options: Seq2SeqOptions): number {
  const { sourceVocabSize, targetVocabSize, units = 64, embeddingDim = 16, attention = false } = options;
  const outputInputs = attention ? 2 * units : units;
  return (
    (sourceVocabSize + targetVocabSize) * embeddingDim +
    2 * recurrentParamCount(cell, embeddingDim, units) +
    outputInputs * targetVocabSize +
    targetVocabSize
  );
}

export interface GreedyDecoding {
  /** Output ids per row, without the final BOUNDARY. */
  outputs: number[][];
  /** With attention: α per row, one array of S weights per emitted step (including the final BOUNDARY step). */
  weights?: number[][][];
}

/** The encoder-decoder inside `model`: the net itself, or the one layer of a model from buildSeq2Seq or loadModel. */
function seq2seqNetOf(model: Seq2SeqNet | tf.LayersModel): Seq2SeqNet {
  if (model instanceof Seq2SeqNet) return model;
  const net = model.layers.find((layer): layer is Seq2SeqNet => layer instanceof Seq2SeqNet);
  if (net == null) {
    throw new Error(`greedyDecode: model '${model.name}' is not an encoder-decoder (it has no Seq2SeqNet layer): pass the net or model of buildSeq2Seq, or loadModel of a folder saved from one`);
  }
  return net;
}

/**
 * Greedy decoding of row-major source ids [count, S] (pre-padded), at most `maxSteps` output symbols, by `model`:
 * a Seq2SeqNet, or a LayersModel holding one (buildSeq2Seq's `model`, or what loadModel gives back for it).
 */
export function greedyDecode(model: Seq2SeqNet | tf.LayersModel, sources: Int32Array, count: number, maxSteps: number, batchSize = 256): GreedyDecoding {
  const net = seq2seqNetOf(model);
  const S = net.options.sourceLength;
  const outputs: number[][] = [];
  const weights: number[][][] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    tf.tidy(() => {
      const source = tf.tensor2d(sources.subarray(start * S, (start + size) * S), [size, S], "int32");
      const encoded = net.encode(source);
      let state = encoded.final;
      let previous = tf.fill([size, 1], BOUNDARY_ID, "int32") as tf.Tensor2D;
      const rows: number[][] = Array.from({ length: size }, () => []);
      const rowWeights: number[][][] = Array.from({ length: size }, () => []);
      const done = new Array(size).fill(false);
      for (let t = 0; t <= maxSteps && done.includes(false); t++) {
        const step = net.decode(previous, state, encoded.states, source);
        state = step.state;
        const best = tf.argMax(step.probabilities.reshape([size, -1]), -1);
        const ids = best.dataSync();
        const alpha = step.weights?.reshape([size, S]).arraySync() as number[][] | undefined;
        for (let i = 0; i < size; i++) {
          if (done[i]) continue;
          if (alpha) rowWeights[i].push(alpha[i]);
          if (ids[i] === BOUNDARY_ID || t === maxSteps) done[i] = true;
          else rows[i].push(ids[i]);
        }
        previous = best.reshape([size, 1]).toInt() as tf.Tensor2D;
      }
      outputs.push(...rows);
      weights.push(...rowWeights);
    });
  }
  return net.options.attention ? { outputs, weights } : { outputs };
}
