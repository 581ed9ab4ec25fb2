import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ImageError } from '../errors';
import { requireReadableFormat } from './format';
import { tooLarge } from './intake-options';

/** Reads a local image file (command line only); its bytes are known to be a readable image format. */
export async function readImageFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK so a FIFO cannot hang the open; it is refused below as not a regular file.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileError(e, path);
  }
  try {
    // fstat on the open handle: the file checked is the file read.
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new ImageError('not_an_image', `${path} is not a regular file`, { userMessage: `${path} is a folder or device, not a picture file.` });
    }
    if (stat.size > maxBytes) throw tooLarge(maxBytes, `${path} has ${stat.size} bytes`);
    // Read at most the size stat promised, so a growing file (or a /proc file) cannot push past the cap.
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const content = bytes.subarray(0, filled);
    requireReadableFormat(content);
    return content;
  } catch (e) {
    throw fileError(e, path);
  } finally {
    await handle.close();
  }
}

function fileError(e: unknown, path: string): ImageError {
  if (e instanceof ImageError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImageError('not_found', `${path}: no such file`, { cause: e, userMessage: `There is no file ${path}.` });
  if (code === 'EACCES' || code === 'EPERM') return new ImageError('missing_permission', `${path}: permission denied`, { cause: e });
  return new ImageError('not_found', `${path}: ${code ?? String(e)}`, { cause: e });
}
