/**
 * Sentiment baselines, trained on the same token ids the recurrent classifiers see.
 *
 * Majority class: predict the most frequent training label; its score is the training rate of class 1.
 *
 * Bag-of-words logistic regression on binary word-presence features x ∈ {0,1}^V:
 *   p(y = 1 | x) = σ(b + Σ_{w ∈ doc} β_w),   σ(z) = 1 / (1 + e^{-z})
 * fitted by seeded stochastic gradient descent on the mean cross-entropy plus an L2 penalty (λ/2)‖β‖²:
 *   ∂/∂β_w = (p - y)·x_w + λ β_w,   ∂/∂b = p - y.
 * Features are sparse, so each step updates only the document's own words, and the L2 shrinkage too is applied
 * to the touched weights only (the usual sparse-SGD simplification): a step costs O(words in the document).
 */
import { createRng } from "../random";

/** A fitted text baseline: probabilities of the positive class for id sequences. */
export interface TextClassifierBaseline {
  name: string;
  /** Probability of class 1 for each document (token ids; 0 = padding is ignored). */
  predictProba(documents: ArrayLike<number>[]): number[];
}

/** The majority-class baseline: always the more frequent training label. */
export function fitMajorityClass(labels: ArrayLike<number>): TextClassifierBaseline {
  if (labels.length === 0) throw new Error("majority class: no training labels");
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const rate = positives / labels.length;
  // The score sits on the majority side of 0.5 so that thresholding gives the majority class.
  const score = rate >= 0.5 ? Math.max(rate, 0.5) : rate;
  return { name: "majority", predictProba: (documents) => documents.map(() => score) };
}

export interface BagOfWordsOptions {
  /** Size of the id space (ids >= vocabSize are ignored). */
  vocabSize: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** The distinct non-padding word ids of a document below `vocabSize`. */
function presentWords(document: ArrayLike<number>, vocabSize: number): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < document.length; i++) {
    const id = document[i];
    if (id > 0 && id < vocabSize) seen.add(id);
  }
  return [...seen];
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The bag-of-words logistic regression baseline: word counts (order ignored) -> p(positive). */
export function fitBagOfWordsLogistic(
  documents: ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: BagOfWordsOptions,
): TextClassifierBaseline & { weights: Float64Array; bias: number } {
  if (documents.length === 0 || documents.length !== labels.length) {
    throw new Error(`bag-of-words: ${documents.length} documents and ${labels.length} labels: pass one label per document`);
  }
  const { vocabSize, epochs = 8, learningRate = 0.1, l2 = 1e-4, seed = 1 } = options;
  const features = documents.map((doc) => presentWords(doc, vocabSize));
  const weights = new Float64Array(vocabSize);
  let bias = 0;
  const rng = createRng(seed);
  const order = Array.from({ length: documents.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    // A 1/sqrt(epoch) decay settles SGD near the optimum instead of bouncing around it.
    const rate = learningRate / Math.sqrt(epoch + 1);
    for (const i of order) {
      const words = features[i];
      let z = bias;
      for (const w of words) z += weights[w];
      const error = sigmoid(z) - labels[i];
      bias -= rate * error;
      for (const w of words) weights[w] -= rate * (error + l2 * weights[w]);
    }
  }
  const predictProba = (docs: ArrayLike<number>[]) =>
    docs.map((doc) => {
      let z = bias;
      for (const w of presentWords(doc, vocabSize)) z += weights[w];
      return sigmoid(z);
    });
  return { name: "bow-logistic", weights, bias, predictProba };
}
