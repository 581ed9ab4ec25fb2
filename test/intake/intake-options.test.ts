import { DEFAULT_INTAKE_OPTIONS, parseAllowHosts, parseIntakeOptions } from '../../src/inference/intake';

describe('intake options from the environment', () => {
  test('defaults: 15 MB, 40 MP, 10 s, no allowed hosts', () => {
    expect(parseIntakeOptions({})).toEqual({
      maxBytes: 15 * 1024 * 1024,
      maxPixels: 40_000_000,
      timeoutMs: 10_000,
      connectTimeoutMs: 3_000,
      maxRedirects: 3,
      allowHosts: [],
    });
    expect(DEFAULT_INTAKE_OPTIONS.allowHosts).toEqual([]);
  });

  test('reads every variable', () => {
    const options = parseIntakeOptions({
      IMAGE_FETCH_ALLOW_HOSTS: ' localhost:9000, S3.local ,[::1]:8080,127.0.0.1,',
      IMAGE_MAX_BYTES: '1000000',
      IMAGE_MAX_PIXELS: '12e6',
      IMAGE_FETCH_TIMEOUT_MS: '2000',
    });
    expect(options).toEqual({
      maxBytes: 1_000_000,
      maxPixels: 12_000_000,
      timeoutMs: 2000,
      connectTimeoutMs: 2000,
      maxRedirects: 3,
      allowHosts: ['localhost:9000', 's3.local', '[::1]:8080', '127.0.0.1'],
    });
  });

  test.each([
    ['IMAGE_MAX_BYTES', '15MB', /IMAGE_MAX_BYTES must be a positive whole number, got "15MB"/],
    ['IMAGE_MAX_BYTES', '-1', /IMAGE_MAX_BYTES/],
    ['IMAGE_MAX_PIXELS', '1.5', /IMAGE_MAX_PIXELS/],
    ['IMAGE_FETCH_TIMEOUT_MS', '0', /IMAGE_FETCH_TIMEOUT_MS/],
    ['IMAGE_FETCH_ALLOW_HOSTS', 'http://localhost:9000', /IMAGE_FETCH_ALLOW_HOSTS: "http:\/\/localhost:9000" is not a host name or host:port/],
    ['IMAGE_FETCH_ALLOW_HOSTS', 'localhost:99999', /IMAGE_FETCH_ALLOW_HOSTS/],
    ['IMAGE_FETCH_ALLOW_HOSTS', 'a b', /IMAGE_FETCH_ALLOW_HOSTS/],
  ])('%s=%s is refused with a clear message', (name, value, message) => {
    expect(() => parseIntakeOptions({ [name]: value })).toThrow(message);
  });

  test('an empty allow list allows nothing', () => {
    expect(parseAllowHosts('')).toEqual([]);
    expect(parseAllowHosts(' , ')).toEqual([]);
  });
});
