import { composeSentence, type Answer } from './compose-sentence';
import type { Taxonomy } from './taxonomy';
import type { Scene } from '../types';

/**
 * Placeholder until the scene sentence lands: the sentence from the classifier's predictions
 * alone, with the signature the scene sentence keeps.
 */
export function composeSceneSentence(scene: Scene, taxonomy: Taxonomy): Answer {
  return composeSentence(scene.predictions, taxonomy);
}
