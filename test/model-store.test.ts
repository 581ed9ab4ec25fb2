import { PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../src/inference/s3-client';
import { ModelStore } from '../src/inference/model/model-store';
import { S3ModelFiles } from '../src/inference/model/model-files';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../src/dev/local-s3';
import { publishDefaultModel } from './helpers/model';

const BUCKET = 'whatsthat-models-test';

describe('ModelStore loading from a real local S3 (s3rver)', () => {
  let s3: LocalS3;
  let prefix: string;

  beforeAll(async () => {
    s3 = await startLocalS3();
    prefix = (await publishDefaultModel(s3.endpoint, BUCKET)).prefix;
  });
  afterAll(async () => {
    await discardLocalS3(s3);
  });

  const storeFor = (endpoint: string, onLoaded?: () => void) =>
    new ModelStore(new S3ModelFiles(createS3Client(endpoint), BUCKET, prefix), { onLoaded });

  test('loads, verifies and warms the model once, sharing the load between concurrent first requests', async () => {
    let loads = 0;
    const store = storeFor(s3.endpoint, () => loads++);
    const [a, b, c] = await Promise.all([store.get(), store.get(), store.get()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await store.get()).toBe(a);
    expect(loads).toBe(1);
    expect(a.labels).toHaveLength(1001);
    expect(a.identity).toEqual({ name: 'mobilenet_v2_1.0_224_quant', version: '1.0.0' });
    const predictions = await a.classify(new Uint8Array(224 * 224 * 3).fill(128));
    expect(predictions).toHaveLength(5);
    const total = predictions.reduce((n, p) => n + p.probability, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(1.0001);
  });

  test('refuses a corrupted object with a clear error, then recovers once the object is fixed', async () => {
    const client = createS3Client(s3.endpoint);
    const key = `${prefix}weights.bin`;
    const good = await (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
    const bad = Uint8Array.from(good);
    bad[1000] ^= 0xff;
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bad }));

    const store = storeFor(s3.endpoint);
    await expect(store.get()).rejects.toThrow(/weights\.bin is corrupt: sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}/);
    // The failure is not cached: the same store tries again and fails again while the object is bad …
    await expect(store.get()).rejects.toThrow(/corrupt/);

    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: good }));
    // … and succeeds once it is fixed.
    const classifier = await store.get();
    expect(classifier.labels[0]).toBe('background');
  });

  test('with S3 down at the first request the error is clear, and the next request succeeds once S3 is back', async () => {
    const port = s3.port;
    await s3.stop();
    const store = storeFor(s3.endpoint);
    await expect(store.get()).rejects.toThrow(new RegExp(`could not read s3://${BUCKET}/${prefix}manifest\\.json`));
    s3 = await startLocalS3({ port, directory: s3.directory });
    const classifier = await store.get();
    expect(classifier.labels).toHaveLength(1001);
  });
});
