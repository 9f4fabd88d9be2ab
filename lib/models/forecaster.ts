/**
 * A recurrent forecaster: stacked recurrent layers read a window of `lookback` steps with `features`
 * values each, and a linear dense head maps the last hidden state to the next `horizon` values
 * (direct multi-step forecasting: all steps at once, no feeding predictions back).
 *
 *   h^(1)_{1..T} = Cell_1(x_{1..T}),  h^(l)_{1..T} = Cell_l(h^(l-1)_{1..T}),   ŷ = W h^(L)_T + b,  ŷ ∈ R^horizon
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { recurrentParamCount } from "./params";
import { layerSeed, withSeededRandom } from "../random";

/** Settings of `buildForecaster`: window shape, size, depth, dropout and seed. */
export interface ForecasterOptions {
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
  /** Input dropout of every recurrent layer (default 0). */
  dropout?: number;
  /** Initialisation seed (default 1). */
  seed?: number;
}

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`buildForecaster: ${name} must be a positive integer, got ${value}`);
}

/** A recurrent forecaster: recurrent layer(s) over the lookback window -> dense head with `horizon` outputs (see the module comment). */
export function buildForecaster(cell: CellName, options: ForecasterOptions): tf.Sequential {
  const { lookback, features, horizon = 1, units = 32, layers = 1, dropout = 0, seed = 1 } = options;
  for (const [name, value] of Object.entries({ lookback, features, horizon, units, layers })) checkPositiveInt(name, value);
  return withSeededRandom(seed, () => {
    const model = tf.sequential({ name: `${cell}_forecaster` });
    for (let layer = 0; layer < layers; layer++) {
      model.add(
        recurrentLayer(cell, {
          units,
          returnSequences: layer < layers - 1,
          inputShape: layer === 0 ? [lookback, features] : undefined,
          dropout,
          seed: layerSeed(seed, layer),
          name: `${cell}_${layer + 1}`,
        }),
      );
    }
    model.add(
      tf.layers.dense({
        units: horizon,
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, layers) }),
        name: "forecast_head",
      }),
    );
    return model;
  });
}

/** Parameters of `buildForecaster(cell, options)`, computed without building it. */
export function forecasterParamCount(cell: CellName, options: ForecasterOptions): number {
  const { features, horizon = 1, units = 32, layers = 1 } = options;
  let total = recurrentParamCount(cell, features, units);
  for (let layer = 1; layer < layers; layer++) total += recurrentParamCount(cell, units, units);
  return total + units * horizon + horizon;
}
