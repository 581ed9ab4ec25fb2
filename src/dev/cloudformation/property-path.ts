/** Readable paths into a template: `BucketEncryption.ServerSideEncryptionConfiguration[0].SSEAlgorithm`. */

export function childPath(path: string, key: string): string {
  const segment = /^[A-Za-z0-9_:-]+$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? segment : `${path}.${segment}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Reports one problem found at `path`; the caller decides how the location is named. */
export type Report = (path: string, message: string) => void;
