/**
 * The non-recurrent neural baseline: a multilayer perceptron on the same window the recurrent forecaster reads
 * (it answers "do you need recurrence at all?"). The window is flattened, so the MLP sees every lag of every input
 * at once, with no notion of order beyond its weights:
 *
 *   z = vec(x_{1..T}) ∈ R^{T F},   a = relu(W_1 z + b_1),   ŷ = W_2 a + b_2 ∈ R^horizon
 *
 * It takes the same anchor options as the recurrent forecaster (reference, linearSkip; see forecaster.ts), so a
 * comparison can give both the same help.
 */
import * as tf from "@tensorflow/tfjs";
import { anchoredForecastModel, checkAnchor, type ForecastAnchorOptions } from "./forecaster";
import { layerSeed, withSeededRandom } from "../random";

/** Settings of `buildMlpForecaster`: window shape, hidden width, anchoring and seed. */
export interface MlpForecasterOptions extends ForecastAnchorOptions {
  lookback: number;
  features: number;
  /** Steps predicted at once (default 1). */
  horizon?: number;
  /** Width of the hidden layer (default 64). */
  hidden?: number;
  /** Initialisation seed (default 1). */
  seed?: number;
}

/** The non-recurrent neural baseline: an MLP over the flattened lookback window, anchored like the recurrent forecaster ("do you need recurrence at all?"). */
export function buildMlpForecaster(options: MlpForecasterOptions): tf.LayersModel {
  const { lookback, features, horizon = 1, hidden = 64, seed = 1 } = options;
  for (const [name, value] of Object.entries({ lookback, features, horizon, hidden })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`buildMlpForecaster: ${name} must be a positive integer, got ${value}`);
  }
  const anchor = checkAnchor(options, lookback, "buildMlpForecaster");
  return withSeededRandom(seed, () =>
    anchoredForecastModel({ lookback, features, horizon }, anchor, (window) => {
      const flat = tf.layers.flatten({ name: "flatten_window" }).apply(window) as tf.SymbolicTensor;
      const hiddenLayer = tf.layers
        .dense({ units: hidden, activation: "relu", kernelInitializer: tf.initializers.heUniform({ seed: layerSeed(seed, 0) }), name: "hidden" })
        .apply(flat) as tf.SymbolicTensor;
      return tf.layers
        .dense({ units: horizon, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 1) }), name: "forecast_head" })
        .apply(hiddenLayer) as tf.SymbolicTensor;
    }, { model: "mlp_forecaster", seed, seedIndex: 2 }),
  );
}

/** Parameters of `buildMlpForecaster(options)`, computed without building it. */
export function mlpForecasterParamCount(options: MlpForecasterOptions): number {
  const { lookback, features, horizon = 1, hidden = 64, linearSkip = 0 } = options;
  const skip = linearSkip > 0 ? linearSkip * horizon + horizon : 0;
  return lookback * features * hidden + hidden + hidden * horizon + horizon + skip;
}

/** The hidden width whose MLP has the parameter count closest to `budget` (for a matched comparison). */
export function mlpHiddenForBudget(budget: number, shape: Omit<MlpForecasterOptions, "hidden">): number {
  const perUnit = mlpForecasterParamCount({ ...shape, hidden: 2 }) - mlpForecasterParamCount({ ...shape, hidden: 1 });
  const fixed = mlpForecasterParamCount({ ...shape, hidden: 1 }) - perUnit;
  return Math.max(1, Math.round((budget - fixed) / perUnit));
}
