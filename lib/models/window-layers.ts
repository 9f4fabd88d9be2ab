/**
 * Small layers that let a forecaster work relative to its own input window (all in the model, so training,
 * prediction and saving need nothing outside it). Input x is [batch, T, F]; column 0 is the target.
 *
 * Window reference r (per window, in the target's scaled units):
 *   "last":  r = x_{T,0}                       (the forecast is a change from the last observed value)
 *   "mean":  r = (1/T) Σ_t x_{t,0}              (the level of the window is taken out)
 *   "revin": r = the mean, and s = sqrt((1/T) Σ_t (x_{t,0} - r)² + ε), ε = 1e-4   (RevIN, Kim et al. 2022, without its
 *            affine weights: level AND amplitude are taken out, so a series whose seasonal swing grows with its
 *            level looks the same in every window); s = 1 for the other kinds.
 *
 *   SubtractWindowReference:  x'_{t,0} = (x_{t,0} - r) / s,   x'_{t,f} = x_{t,f} for f > 0   (other inputs untouched)
 *   AddWindowReference:       ŷ_k = out_k s + r          k = 1..horizon    (inputs [out, x])
 *   TargetLags(p):            z = [x_{T-p+1,0}, ..., x_{T,0}]   (the input of the linear "highway" of LSTNet)
 *
 * Why: a network that must reproduce the level from scratch wastes capacity and starts far from the naive
 * forecast; with a reference it starts at "ŷ = r" and learns only the correction.
 */
import * as tf from "@tensorflow/tfjs";

export const WINDOW_REFERENCES = ["none", "last", "mean", "revin"] as const;
export type WindowReferenceKind = (typeof WINDOW_REFERENCES)[number];

/** r per window as [batch, 1]. */
export function windowReference(x: tf.Tensor, kind: Exclude<WindowReferenceKind, "none">): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape as number[];
    if (kind === "last") return x.slice([0, steps - 1, 0], [batch, 1, 1]).reshape([batch, 1]) as tf.Tensor2D;
    return x.slice([0, 0, 0], [batch, steps, 1]).mean(1) as tf.Tensor2D;
  });
}

/** ε of the "revin" window scale (in the target's train-standardised units). */
export const REVIN_EPSILON = 1e-4;

/** s per window as [batch, 1]: the window's target std for "revin", 1 otherwise. */
export function windowScale(x: tf.Tensor, kind: Exclude<WindowReferenceKind, "none">): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape as number[];
    if (kind !== "revin") return tf.ones([batch, 1]) as tf.Tensor2D;
    const target = x.slice([0, 0, 0], [batch, steps, 1]);
    const centred = target.sub(target.mean(1, true));
    return centred.square().mean(1).add(REVIN_EPSILON).sqrt() as tf.Tensor2D;
  });
}

function checkReference(kind: unknown, who: string): Exclude<WindowReferenceKind, "none"> {
  if (kind !== "last" && kind !== "mean" && kind !== "revin") throw new Error(`${who}: reference must be 'last', 'mean' or 'revin', got '${String(kind)}'`);
  return kind;
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

export class SubtractWindowReference extends tf.layers.Layer {
  static className = "SubtractWindowReference";
  readonly reference: Exclude<WindowReferenceKind, "none">;

  constructor(args: { reference: WindowReferenceKind; name?: string }) {
    super({ name: args.name });
    this.reference = checkReference(args.reference, "SubtractWindowReference");
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [batch, , features] = x.shape as number[];
      const r = windowReference(x, this.reference).reshape([batch, 1, 1]);
      const s = windowScale(x, this.reference).reshape([batch, 1, 1]);
      if (features === 1) return x.sub(r).div(s);
      // Only column 0 changes: x' = x + onlyTarget ⊙ ((x - r) / s - x).
      const onlyTarget = tf.oneHot([0], features).reshape([1, 1, features]);
      return x.add(x.sub(r).div(s).sub(x).mul(onlyTarget));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), reference: this.reference };
  }
}
tf.serialization.registerClass(SubtractWindowReference);

export class AddWindowReference extends tf.layers.Layer {
  static className = "AddWindowReference";
  readonly reference: Exclude<WindowReferenceKind, "none">;

  constructor(args: { reference: WindowReferenceKind; name?: string }) {
    super({ name: args.name });
    this.reference = checkReference(args.reference, "AddWindowReference");
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [out, x] = inputs as tf.Tensor[];
      return out.mul(windowScale(x, this.reference)).add(windowReference(x, this.reference));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), reference: this.reference };
  }
}
tf.serialization.registerClass(AddWindowReference);

export class TargetLags extends tf.layers.Layer {
  static className = "TargetLags";
  readonly lags: number;

  constructor(args: { lags: number; name?: string }) {
    super({ name: args.name });
    if (!Number.isInteger(args.lags) || args.lags < 1) throw new Error(`TargetLags: lags must be a positive integer, got ${args.lags}`);
    this.lags = args.lags;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.lags];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [batch, steps] = x.shape as number[];
      if (this.lags > steps) throw new Error(`TargetLags: ${this.lags} lags from a window of ${steps} steps: lower the lags`);
      return x.slice([0, steps - this.lags, 0], [batch, this.lags, 1]).reshape([batch, this.lags]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lags: this.lags };
  }
}
tf.serialization.registerClass(TargetLags);
