/**
 * A recurrent forecaster: stacked recurrent layers read a window of `lookback` steps with `features`
 * values each, and a linear dense head maps the last hidden state to the next `horizon` values
 * (direct multi-step forecasting: all steps at once, no feeding predictions back).
 *
 *   h^(1)_{1..T} = Cell_1(x_{1..T}),  h^(l)_{1..T} = Cell_l(h^(l-1)_{1..T}),   ŷ = W h^(L)_T + b,  ŷ ∈ R^horizon
 *
 * Two options make the network learn a correction instead of the whole forecast (window-layers.ts):
 *   reference "last" | "mean":  x_{t,0} ← x_{t,0} - r  on the way in,  ŷ ← ŷ + r  on the way out
 *                               (r = the window's last target value, or its mean: RevIN-style per-window level);
 *   linearSkip p > 0:           ŷ ← ŷ + A z + c,  z = the last p target values (LSTNet's autoregressive highway),
 *                               computed on the referenced window when a reference is set.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";
import { AddWindowReference, SubtractWindowReference, TargetLags, WINDOW_REFERENCES, type WindowReferenceKind } from "./window-layers";

/** How a forecast is anchored to its window (shared by the recurrent and the MLP forecaster). */
export interface ForecastAnchorOptions {
  /** Subtract the window's last target value ("last") or mean ("mean") from the target input and add it to the
   * forecast (default "none"). */
  reference?: WindowReferenceKind;
  /** Add a linear map of the last `linearSkip` target values to the forecast (default 0 = off). */
  linearSkip?: number;
}

/** Settings of `buildForecaster`: window shape, size, depth, dropout, anchoring and seed. */
export interface ForecasterOptions extends ForecastAnchorOptions {
  /** Time steps per input window. */
  lookback: number;
  /** Values per time step (1 for a univariate series). */
  features: number;
  /** Steps predicted at once (default 1). */
  horizon?: number;
  /** Units per recurrent layer (default 32). */
  units?: number;
  /** Number of stacked recurrent layers (default 1). */
  layers?: number;
  /** Input dropout of every recurrent layer (default 0; > 0 makes training take the step-wise path). */
  dropout?: number;
  /** Initialisation seed (default 1). */
  seed?: number;
}

function checkPositiveInt(name: string, value: number, who = "buildForecaster"): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${who}: ${name} must be a positive integer, got ${value}`);
}

/** Check the anchor options; returns them with defaults filled in. */
export function checkAnchor(options: ForecastAnchorOptions, lookback: number, who: string): Required<ForecastAnchorOptions> {
  const reference = options.reference ?? "none";
  const linearSkip = options.linearSkip ?? 0;
  if (!(WINDOW_REFERENCES as readonly string[]).includes(reference)) {
    throw new Error(`${who}: reference must be one of ${WINDOW_REFERENCES.join(", ")}, got '${String(reference)}'`);
  }
  if (!Number.isInteger(linearSkip) || linearSkip < 0 || linearSkip > lookback) {
    throw new Error(`${who}: linearSkip must be an integer in 0..lookback (${lookback}), got ${linearSkip}`);
  }
  return { reference, linearSkip };
}

/**
 * Wrap a body (window -> [batch, horizon]) with the anchor options: the body sees the referenced window, the
 * reference and the linear skip are added to its output. `seedIndex` seeds the skip's weights.
 */
export function anchoredForecastModel(
  shape: { lookback: number; features: number; horizon: number },
  anchor: Required<ForecastAnchorOptions>,
  body: (window: tf.SymbolicTensor) => tf.SymbolicTensor,
  names: { model: string; seed: number; seedIndex: number },
): tf.LayersModel {
  const window = tf.input({ shape: [shape.lookback, shape.features], name: "window" });
  const seen = anchor.reference === "none" ? window : (new SubtractWindowReference({ reference: anchor.reference, name: "subtract_reference" }).apply(window) as tf.SymbolicTensor);
  let forecast = body(seen);
  if (anchor.linearSkip > 0) {
    const lags = new TargetLags({ lags: anchor.linearSkip, name: "target_lags" }).apply(seen) as tf.SymbolicTensor;
    const skip = tf.layers
      .dense({ units: shape.horizon, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(names.seed, names.seedIndex) }), name: "linear_skip" })
      .apply(lags) as tf.SymbolicTensor;
    forecast = tf.layers.add({ name: "plus_linear_skip" }).apply([forecast, skip]) as tf.SymbolicTensor;
  }
  if (anchor.reference !== "none") {
    forecast = new AddWindowReference({ reference: anchor.reference, name: "plus_reference" }).apply([forecast, window]) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: window, outputs: forecast, name: names.model });
}

/** A recurrent forecaster: recurrent layer(s) over the lookback window -> dense head with `horizon` outputs, anchored as the options say (see the module comment). */
export function buildForecaster(cell: CellName, options: ForecasterOptions): tf.LayersModel {
  const { lookback, features, horizon = 1, units = 32, layers = 1, dropout = 0, seed = 1 } = options;
  for (const [name, value] of Object.entries({ lookback, features, horizon, units, layers })) checkPositiveInt(name, value);
  const anchor = checkAnchor(options, lookback, "buildForecaster");
  return withSeededRandom(seed, () => {
    const head = () =>
      tf.layers.dense({
        units: horizon,
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, layers) }),
        name: "forecast_head",
      });
    const recurrent = (layer: number, first: boolean) =>
      recurrentLayer(cell, {
        units,
        returnSequences: layer < layers - 1,
        inputShape: first ? [lookback, features] : undefined,
        dropout,
        seed: layerSeed(seed, layer),
        name: `${cell}_${layer + 1}`,
      });
    if (anchor.reference === "none" && anchor.linearSkip === 0) {
      // The plain stack, as a Sequential (what earlier results and saved models used).
      const model = tf.sequential({ name: `${cell}_forecaster` });
      for (let layer = 0; layer < layers; layer++) model.add(recurrent(layer, layer === 0));
      model.add(head());
      return model;
    }
    return anchoredForecastModel({ lookback, features, horizon }, anchor, (window) => {
      let h = window;
      for (let layer = 0; layer < layers; layer++) h = recurrent(layer, false).apply(h) as tf.SymbolicTensor;
      return head().apply(h) as tf.SymbolicTensor;
    }, { model: `${cell}_forecaster`, seed, seedIndex: layers + 1 });
  });
}

/** Parameters of `buildForecaster(cell, options)`, computed without building it. */
export function forecasterParamCount(cell: CellName, options: ForecasterOptions): number {
  const { features, horizon = 1, units = 32, layers = 1, linearSkip = 0 } = options;
  let total = recurrentParamCount(cell, features, units);
  for (let layer = 1; layer < layers; layer++) total += recurrentParamCount(cell, units, units);
  const skip = linearSkip > 0 ? linearSkip * horizon + horizon : 0;
  return total + units * horizon + horizon + skip;
}
