/** One class the model considered, with its probability in [0, 1]. */
export interface Prediction {
  /** Full ImageNet label line, e.g. "tiger cat" or "espresso". */
  label: string;
  /** Index into the model's output (0 = background for the default model). */
  classIndex: number;
  probability: number;
}

export interface ModelIdentity {
  name: string;
  version: string;
}

/** What `describeImage` answers. */
export interface ImageDescription {
  /** The answer a person reads: "That's a tiger cat — a kind of cat. I'm fairly sure (64%)." */
  sentence: string;
  /** Common name of the top prediction. */
  label: string;
  probability: number;
  /** Top predictions, most likely first. */
  predictions: Prediction[];
  model: ModelIdentity;
  timingsMs: { decode: number; inference: number; total: number; fetch?: number };
}
