import { ConfigError, httpUrlSetting, portSetting, positiveIntegerSetting } from '../src/inference/settings';

describe('settings read from the environment', () => {
  test('blank or unset means the default', () => {
    expect(positiveIntegerSetting({}, 'N', 7)).toBe(7);
    expect(positiveIntegerSetting({ N: '  ' }, 'N', 7)).toBe(7);
    expect(portSetting({ P: '' }, 'P', 4010)).toBe(4010);
    expect(httpUrlSetting({}, 'U', 'http://x')).toBeUndefined();
  });

  test('exact values are taken', () => {
    expect(positiveIntegerSetting({ N: '15e6' }, 'N', 7)).toBe(15_000_000);
    expect(portSetting({ P: '13000' }, 'P', 1)).toBe(13000);
    expect(portSetting({ P: '0' }, 'P', 1, { allowZero: true })).toBe(0);
    expect(httpUrlSetting({ U: 'http://127.0.0.1:4569' }, 'U', 'http://x')).toBe('http://127.0.0.1:4569');
  });

  test('a wrong value is a ConfigError naming the variable and what it got', () => {
    expect(() => positiveIntegerSetting({ N: '15MB' }, 'N', 7, 'bytes')).toThrow(new ConfigError('N must be a positive whole number of bytes, got "15MB"'));
    expect(() => positiveIntegerSetting({ N: '-1' }, 'N', 7)).toThrow('N must be a positive whole number, got "-1"');
    expect(() => portSetting({ P: '0' }, 'P', 1)).toThrow('P must be a port number, got "0"');
    expect(() => portSetting({ P: '70000' }, 'P', 1, { allowZero: true })).toThrow('P must be a port number, got "70000"');
    expect(() => httpUrlSetting({ U: '127.0.0.1:4569' }, 'U', 'http://127.0.0.1:4569')).toThrow(
      'U must be an http(s) URL such as http://127.0.0.1:4569, got "127.0.0.1:4569"',
    );
  });
});
