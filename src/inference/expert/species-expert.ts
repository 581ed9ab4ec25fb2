import type { Species } from '../types';
import { ImageClassifier } from '../classifier/image-classifier';
import type { ModelManifest } from '../model/manifest';
import type { ReadVerified } from '../model/model-store';
import { parseSpeciesLabel, type SpeciesLabel } from './species-labels';

/** What the expert thought, whether or not it is confident enough to be said. */
export interface SpeciesGuess extends Species {
  background: boolean;
}

/**
 * An iNaturalist species expert (MobileNet V2 body, FULLY_CONNECTED head): the classifier's
 * 224×224 input in, its best species out.
 */
export class SpeciesExpert {
  private constructor(
    private readonly model: ImageClassifier,
    private readonly species: SpeciesLabel[],
    readonly group: 'bird' | 'insect',
    private readonly backgroundIndex: number,
  ) {}

  static async load(manifest: ModelManifest, read: ReadVerified): Promise<SpeciesExpert> {
    if (manifest.group !== 'bird' && manifest.group !== 'insect') throw new Error(`${manifest.name}: the manifest names no species group`);
    if (manifest.labelStyle !== 'latin-common') throw new Error(`${manifest.name}: expected "Latin name (Common Name)" labels`);
    const model = await ImageClassifier.load(manifest, read);
    return new SpeciesExpert(model, model.labels.map(parseSpeciesLabel), manifest.group, manifest.backgroundIndex ?? model.labels.length - 1);
  }

  get inputSize(): number {
    return this.model.inputSize;
  }

  /** The top-1 species; `background` when the model saw none of its species. */
  async identify(pixels: Uint8Array): Promise<SpeciesGuess> {
    const [top] = await this.model.classify(pixels, 1);
    const label = this.species[top.classIndex];
    return { ...label, probability: top.probability, group: this.group, background: top.classIndex === this.backgroundIndex };
  }
}
