import { inferenceConfigFromEnv, OPTIONAL_MODELS } from '../src/inference/config';
import { ConfigError } from '../src/inference/settings';

describe('where the scene models come from', () => {
  test('with MODEL_BUCKET every optional model is read from models/<name>/<version>/ of that bucket', () => {
    const config = inferenceConfigFromEnv({ MODEL_BUCKET: 'b', MODEL_PREFIX: 'custom/classifier' });
    expect(config.model).toMatchObject({ kind: 's3', bucket: 'b', prefix: 'custom/classifier/' });
    expect(config.optional).toEqual({
      detector: expect.objectContaining({ kind: 's3', bucket: 'b', prefix: 'models/centernet_coco/3.3.6/' }),
      birdExpert: expect.objectContaining({ prefix: 'models/inat_bird/1.0.0/' }),
      insectExpert: expect.objectContaining({ prefix: 'models/inat_insect/1.0.0/' }),
      reader: expect.objectContaining({ prefix: 'models/tesseract_eng/4.0.0-best-int/' }),
    });
  });

  test('without a bucket, from the build folder', () => {
    const config = inferenceConfigFromEnv({});
    expect(Object.keys(config.optional ?? {})).toEqual([...OPTIONAL_MODELS]);
    expect(config.optional?.detector).toMatchObject({ kind: 'directory', dir: expect.stringMatching(/build\/models\/centernet_coco\/3\.3\.6$/) });
  });

  test('SCENE_OPTIONAL_MODELS chooses, "none" leaves the classifier alone, an unknown name is refused naming the setting', () => {
    expect(Object.keys(inferenceConfigFromEnv({ SCENE_OPTIONAL_MODELS: 'detector, reader' }).optional ?? {})).toEqual(['detector', 'reader']);
    expect(inferenceConfigFromEnv({ SCENE_OPTIONAL_MODELS: 'none' }).optional).toEqual({});
    expect(() => inferenceConfigFromEnv({ SCENE_OPTIONAL_MODELS: 'detector,faces' })).toThrow(ConfigError);
    expect(() => inferenceConfigFromEnv({ SCENE_OPTIONAL_MODELS: 'detector,faces' })).toThrow(/SCENE_OPTIONAL_MODELS: unknown model faces/);
  });
});
