/**
 * Forecasting baselines, scored on exactly the windows the recurrent models see. Each maps a lookback
 * window of the target series (oldest first, original units) to the next `horizon` values.
 *
 *   naive (last value):   ŷ_{t+k} = y_t                                  k = 1..horizon
 *   seasonal naive:       ŷ_{t+k} = y_{t+k-m·ceil(k/m)}                  m = season
 *   linear AR(p), direct: ŷ_{t+k} = b_k + Σ_{j=1..p} a_{k,j} y_{t-p+j}   one least-squares fit per step k
 *
 * The linear model is fitted by ridge-regularised least squares on centred data,
 *   a_k = (XᵀX + λ n I)⁻¹ Xᵀ y_k,   b_k = mean(y_k) - a_k · mean(X),
 * with a tiny λ so that collinear lags (a smooth series) still give a solvable system.
 */

export type Window = ArrayLike<number>;

/** The naive forecast: repeat the window's last value for every step of the horizon. */
export function naiveForecast(window: Window, horizon: number): number[] {
  if (window.length === 0) throw new Error("naive forecast: the window is empty");
  return new Array<number>(horizon).fill(window[window.length - 1]);
}

/** The seasonal-naive forecast: repeat the value one season before each forecast step. */
export function seasonalNaiveForecast(window: Window, horizon: number, season: number): number[] {
  if (window.length < season) {
    throw new Error(`seasonal naive forecast: the window has ${window.length} values, needs at least one season (${season}): raise the lookback`);
  }
  const forecast: number[] = [];
  const last = window.length - 1;
  for (let k = 1; k <= horizon; k++) forecast.push(window[last + k - season * Math.ceil(k / season)]);
  return forecast;
}

/** A fitted linear autoregression: one least-squares linear model of the window per horizon step. */
export interface LinearAutoregression {
  /** p, the number of most recent lags used. */
  order: number;
  /** coefficients[k][j] multiplies lag value j (oldest first) for horizon step k. */
  coefficients: number[][];
  intercepts: number[];
  predict(window: Window): number[];
}

/**
 * Fit a direct multi-step linear autoregression on training windows.
 * @param windows lookback windows (each at least `order` long; the last `order` values are used)
 * @param targets the `horizon` values that follow each window
 */
export function fitLinearAutoregression(
  windows: Window[],
  targets: ArrayLike<number>[],
  options: { order?: number; ridge?: number } = {},
): LinearAutoregression {
  if (windows.length === 0 || windows.length !== targets.length) {
    throw new Error(`linear AR: ${windows.length} windows and ${targets.length} targets: pass one target row per window`);
  }
  const order = options.order ?? windows[0].length;
  const horizon = targets[0].length;
  if (windows.some((w) => w.length < order)) throw new Error(`linear AR: every window needs at least ${order} values`);
  if (windows.length <= order) {
    throw new Error(`linear AR: ${windows.length} training windows for ${order} lags: lower the order or use more data`);
  }
  const n = windows.length;
  const lags = (w: Window, j: number) => w[w.length - order + j];
  const meanX = new Float64Array(order);
  for (const w of windows) for (let j = 0; j < order; j++) meanX[j] += lags(w, j) / n;
  const meanY = new Float64Array(horizon);
  for (const t of targets) for (let k = 0; k < horizon; k++) meanY[k] += t[k] / n;

  // Normal equations on centred data: gram = XcᵀXc + λ n I, rhs[k] = Xcᵀ yc_k.
  const gram = Array.from({ length: order }, () => new Float64Array(order));
  const rhs = Array.from({ length: horizon }, () => new Float64Array(order));
  const centred = new Float64Array(order);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < order; j++) centred[j] = lags(windows[i], j) - meanX[j];
    for (let a = 0; a < order; a++) {
      for (let b = a; b < order; b++) gram[a][b] += centred[a] * centred[b];
      for (let k = 0; k < horizon; k++) rhs[k][a] += centred[a] * (targets[i][k] - meanY[k]);
    }
  }
  let trace = 0;
  for (let a = 0; a < order; a++) {
    for (let b = 0; b < a; b++) gram[a][b] = gram[b][a];
    trace += gram[a][a];
  }
  // λ relative to the data's scale, so the fit does not depend on the units of the series.
  const ridge = (options.ridge ?? 1e-6) * (trace / order || 1);
  for (let a = 0; a < order; a++) gram[a][a] += ridge;
  const coefficients = solveSymmetric(gram, rhs);
  const intercepts = coefficients.map((coef, k) => meanY[k] - coef.reduce((s, c, j) => s + c * meanX[j], 0));
  return {
    order,
    coefficients,
    intercepts,
    predict(window: Window): number[] {
      if (window.length < order) throw new Error(`linear AR: the window has ${window.length} values, needs ${order}`);
      return coefficients.map((coef, k) => coef.reduce((s, c, j) => s + c * lags(window, j), intercepts[k]));
    },
  };
}

/** Solve A x = b for each right-hand side by Gaussian elimination with partial pivoting (A is small). */
function solveSymmetric(matrix: Float64Array[], rightHandSides: Float64Array[]): number[][] {
  const size = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const b = rightHandSides.map((rhs) => Float64Array.from(rhs));
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (a[pivot][col] === 0) throw new Error("linear AR: the lag matrix is singular: the series may be constant");
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (const rhs of b) [rhs[col], rhs[pivot]] = [rhs[pivot], rhs[col]];
    for (let r = col + 1; r < size; r++) {
      const factor = a[r][col] / a[col][col];
      if (factor === 0) continue;
      for (let c = col; c < size; c++) a[r][c] -= factor * a[col][c];
      for (const rhs of b) rhs[r] -= factor * rhs[col];
    }
  }
  return b.map((rhs) => {
    const x = new Array<number>(size).fill(0);
    for (let r = size - 1; r >= 0; r--) {
      let sum = rhs[r];
      for (let c = r + 1; c < size; c++) sum -= a[r][c] * x[c];
      x[r] = sum / a[r][r];
    }
    return x;
  });
}
