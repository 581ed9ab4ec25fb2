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

/** A detected object's box, normalised to 0..1 of the (orientation-corrected) image. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** All detections of one COCO label that survived suppression and the naming threshold. */
export interface DetectedObjects {
  /** COCO label, e.g. "person", "dog", "sports ball". */
  label: string;
  count: number;
  /** Highest score first. */
  boxes: Box[];
}

/** What a species expert (iNaturalist bird or insect model) answered, when it was confident. */
export interface Species {
  /** Common name, e.g. "House Finch". */
  name: string;
  /** Latin name, e.g. "Haemorhous mexicanus". */
  scientificName: string;
  probability: number;
  /** Which expert answered. */
  group: 'bird' | 'insect';
}

/**
 * What the models saw in one picture: the input of the sentence, and of follow-up questions.
 * Optional models that were not run, failed or were not confident leave their part empty.
 */
export interface Scene {
  /** The classifier's top predictions, most likely first. */
  predictions: Prediction[];
  /** Detected objects grouped by label, most numerous first; empty when none or no detector. */
  objects: DetectedObjects[];
  species?: Species;
  /** Confident text the reader found (whitespace-normalised); absent when none. */
  text?: string;
}

/** Milliseconds per stage; a model's entry is absent when it did not run. */
export interface StageTimings {
  fetch?: number;
  decode: number;
  /** All models together. */
  inference: number;
  classifier?: number;
  detector?: number;
  expert?: number;
  reader?: number;
  total: number;
}

/** What `describeImage` answers. */
export interface ImageDescription extends Scene {
  /** The answer a person reads: "That's a tiger cat — a kind of cat. I'm fairly sure (64%)." */
  sentence: string;
  /** What the sentence leads with, as a person names it: a class, a species, a counted thing. */
  label: string;
  /** How sure the models are of it (a detection's score when a detection leads). */
  probability: number;
  /** The classifier's class the sentence leads with, when the classifier leads (left out of the runners-up). */
  leadClassIndex?: number;
  /**
   * Where the lead comes from when not the classifier: `species` (probability is the expert's),
   * `objects` (the best box's score: detector scores are not stated to people), `text`.
   */
  leadsWith?: 'species' | 'objects' | 'text';
  /** The classifier's identity (the default model). */
  model: ModelIdentity;
  timingsMs: StageTimings;
}
