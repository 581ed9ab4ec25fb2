import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../../src/dev/local-s3';
import { fetchImageFromS3, readImageSource } from '../../src/inference/intake';
import { createS3Client } from '../../src/inference/s3-client';
import { testImage } from '../helpers/paths';
import { expectImageError } from './helpers';

const CAT = readFileSync(testImage('cat_720p.jpg'));
const BUCKET = 'whatsthat-intake-test';

describe('readImageSource: s3:// against a real local S3 (s3rver)', () => {
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startLocalS3({ buckets: [BUCKET] });
    client = createS3Client(s3.endpoint);
    const put = (Key: string, Body: Uint8Array) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    await put('uploads/cat.jpg', CAT);
    await put('uploads/a cat %20 #1.jpg', CAT);
    await put('uploads/big.jpg', Buffer.concat([CAT, Buffer.alloc(300_000)]));
    await put('uploads/page.jpg', Buffer.from('<!DOCTYPE html><html>Access denied</html>'));
  });

  afterAll(async () => {
    client.destroy();
    await discardLocalS3(s3);
  });

  test('an object is read', async () => {
    const bytes = await readImageSource(`s3://${BUCKET}/uploads/cat.jpg`, { s3: { client, trustedBuckets: [BUCKET] } });
    expect(Buffer.from(bytes).equals(CAT)).toBe(true);
  });

  test('the key is taken literally (spaces, %, #)', async () => {
    await expect(readImageSource(`s3://${BUCKET}/uploads/a cat %20 #1.jpg`, { s3: { client, trustedBuckets: [BUCKET] } })).resolves.toHaveLength(CAT.length);
  });

  test('a missing key or bucket is not_found', async () => {
    await expectImageError(readImageSource(`s3://${BUCKET}/uploads/nope.jpg`, { s3: { client, trustedBuckets: [BUCKET] } }), 'not_found');
    await expectImageError(fetchImageFromS3(client, 'no-such-bucket', 'cat.jpg'), 'not_found');
  });

  test('an object over the cap is too_large (ContentLength, before the body is read)', async () => {
    const e = await expectImageError(fetchImageFromS3(client, BUCKET, 'uploads/big.jpg', { maxBytes: 200_000 }), 'too_large');
    expect(e.message).toMatch(/has 404837 bytes/);
  });

  test('an object that is not an image is not_an_image', async () => {
    await expectImageError(readImageSource(`s3://${BUCKET}/uploads/page.jpg`, { s3: { client, trustedBuckets: [BUCKET] } }), 'not_an_image');
  });

  test('credentials S3 refuses are missing_permission', async () => {
    const stranger = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'SOMEONE', secretAccessKey: 'ELSE' },
    });
    try {
      await expectImageError(fetchImageFromS3(stranger, BUCKET, 'uploads/cat.jpg'), 'missing_permission');
    } finally {
      stranger.destroy();
    }
  });

  test('S3 that is down is unreachable', async () => {
    const down = createS3Client('http://127.0.0.1:9');
    try {
      await expectImageError(fetchImageFromS3(down, BUCKET, 'uploads/cat.jpg'), 'unreachable');
    } finally {
      down.destroy();
    }
  });

  test('s3:// is refused unless the caller passes an S3 client (users must not read the bot’s buckets)', async () => {
    await expectImageError(readImageSource(`s3://${BUCKET}/uploads/cat.jpg`), 'forbidden_scheme');
  });

  test('s3:// in a bucket the caller does not trust is not_allowed, before any request', async () => {
    const e = await expectImageError(readImageSource(`s3://${BUCKET}/uploads/cat.jpg`, { s3: { client, trustedBuckets: ['another-bucket'] } }), 'not_allowed');
    expect(e.userMessage).toBe("I'm not allowed to open pictures stored in that bucket.");
    await expect(readImageSource(`s3://${BUCKET}/uploads/cat.jpg`, { s3: { client, trustedBuckets: 'any' } })).resolves.toHaveLength(CAT.length);
  });

  test('a malformed s3:// reference is bad_url', async () => {
    await expectImageError(readImageSource('s3://bucket-without-key', { s3: { client, trustedBuckets: [BUCKET] } }), 'bad_url');
  });
});

describe('readImageSource: local files (command line only)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'whatsthat-intake-'));
    writeFileSync(join(dir, 'notes.txt'), 'just some text, not a picture at all');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a photo is read when files are enabled', async () => {
    const bytes = await readImageSource(testImage('bird.bmp'), { allowLocalFiles: true });
    expect(bytes).toHaveLength(readFileSync(testImage('bird.bmp')).length);
  });

  test('a path is refused as bad_url unless files are enabled (channels never read local files)', async () => {
    await expectImageError(readImageSource(testImage('bird.bmp')), 'bad_url');
    await expectImageError(readImageSource('/etc/passwd'), 'bad_url');
  });

  test('a missing file is not_found', async () => {
    const e = await expectImageError(readImageSource(join(dir, 'missing.jpg'), { allowLocalFiles: true }), 'not_found');
    expect(e.userMessage).toMatch(/missing\.jpg/);
  });

  test('a directory or a device is refused', async () => {
    await expectImageError(readImageSource(dir, { allowLocalFiles: true }), 'not_an_image');
    await expectImageError(readImageSource('/dev/zero', { allowLocalFiles: true }), 'not_an_image');
  });

  test('a file over the cap is too_large (from its size, before reading)', async () => {
    await expectImageError(readImageSource(testImage('kite_and_cold.jpg'), { allowLocalFiles: true, maxBytes: 1_000_000 }), 'too_large');
  });

  test('a text file is not_an_image', async () => {
    await expectImageError(readImageSource(join(dir, 'notes.txt'), { allowLocalFiles: true }), 'not_an_image');
  });

  test('an empty source is bad_url', async () => {
    await expectImageError(readImageSource('   '), 'bad_url');
  });
});
