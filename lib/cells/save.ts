/**
 * Save a model that uses the workbook cells to a directory, and load it back, without tfjs-node.
 *
 *   DIR/model.json   the TF.js "layers-model" format: topology (our cells by their registered class names)
 *                    and a weights manifest pointing at weights.bin
 *   DIR/weights.bin  every weight, float32, in manifest order
 *
 * Both files go through a custom tf.io handler on node:fs, written atomically (lib/io.ts): weights.bin
 * first, model.json last, so a model.json on disk always refers to a complete weights.bin.
 *
 * Loading checks what TF.js would otherwise fail on with a message about its internals, and says it in one line:
 * a missing file, a model.json that is not JSON or not a saved model, a weights.bin whose size is not the
 *   Σ_w (Π shape_w) · bytes(dtype_w)
 * the manifest lists, a layer class nobody registered (the workbook's own register when rnn-workbook is imported).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../io";
// Importing the cells registers their classes for deserialisation.
import "./layer";

const MODEL_FILE = "model.json";
const WEIGHTS_FILE = "weights.bin";

/** Save `model` to `dir` (created if needed) as model.json + weights.bin. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    if (artifacts.modelTopology == null || artifacts.weightSpecs == null || artifacts.weightData == null) {
      throw new Error("saveModel: the model gave no topology or weights to save");
    }
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(path.join(dir, WEIGHTS_FILE), weights);
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
    };
    if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
    if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
    writeFileAtomic(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
  return model.save(handler);
}

/** Load a model saved by `saveModel(model, dir)`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const modelFile = path.join(dir, MODEL_FILE);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  for (const file of [modelFile, weightsFile]) {
    if (!fs.existsSync(file)) throw new Error(`loadModel: ${file} does not exist: save the model with saveModel(model, "${dir}") first`);
  }
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(fs.readFileSync(modelFile, "utf8"));
  } catch {
    throw new Error(`loadModel: ${modelFile} is not valid JSON: save the model again`);
  }
  if (modelJson == null || typeof modelJson !== "object" || modelJson.modelTopology == null || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`loadModel: ${modelFile} is not a saved model (no modelTopology and weightsManifest): save the model again with saveModel`);
  }
  const data = fs.readFileSync(weightsFile);
  const expectedBytes = manifestBytes(modelJson.weightsManifest);
  if (expectedBytes !== undefined && data.byteLength !== expectedBytes) {
    throw new Error(`loadModel: ${weightsFile} has ${data.byteLength} bytes but ${modelFile} lists ${expectedBytes}: the folder is damaged or mixed; save the model again`);
  }
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const handler: tf.io.IOHandler = {
    load: async () => tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [manifest.flatMap((group) => group.weights), weightData]),
  };
  try {
    return await tf.loadLayersModel(handler);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const unknown = /Unknown layer: (\w+)/.exec(message);
    if (unknown) {
      throw new Error(`loadModel: ${modelFile} uses the layer class ${unknown[1]}, which is not registered: import "rnn-workbook" (or the module defining ${unknown[1]}) before loadModel`);
    }
    throw new Error(`loadModel: ${modelFile} could not be rebuilt (${message.split("\n")[0]}): save the model again with saveModel`);
  }
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes weights.bin must hold for `manifest`; undefined when a spec is not one this check knows (TF.js then decides). */
function manifestBytes(manifest: tf.io.WeightsManifestConfig): number | undefined {
  let total = 0;
  for (const spec of manifest.flatMap((group) => group?.weights ?? [])) {
    const bytes = BYTES_PER_VALUE[spec?.quantization?.dtype ?? spec?.dtype];
    if (bytes === undefined || !Array.isArray(spec.shape)) return undefined;
    total += spec.shape.reduce((product, size) => product * size, 1) * bytes;
  }
  return total;
}
