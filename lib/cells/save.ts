/**
 * Save a model that uses the workbook cells to a directory, and load it back, without tfjs-node.
 *
 *   DIR/model.json   the TF.js "layers-model" format: topology (our cells by their registered class names)
 *                    and a weights manifest pointing at weights.bin
 *   DIR/weights.bin  every weight, float32, in manifest order
 *
 * Both files go through a custom tf.io handler on node:fs, written atomically (lib/io.ts): weights.bin
 * first, model.json last, so a model.json on disk always refers to a complete weights.bin.
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
  const data = fs.readFileSync(weightsFile);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const handler: tf.io.IOHandler = {
    load: async () => tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [manifest.flatMap((group) => group.weights), weightData]),
  };
  return tf.loadLayersModel(handler);
}
