/**
 * Every way an image can fail to become an answer, each with a sentence a person understands.
 * Channels show `userMessage` to the user and log `code` + `message` for the operator.
 */
export type ImageErrorCode =
  | 'bad_url' // not a URL we can parse
  | 'forbidden_scheme' // file:, ftp:, data:, …
  | 'private_address' // loopback, private, link-local, metadata service, …
  | 'unresolvable_host' // DNS failed
  | 'unreachable' // connection refused / reset
  | 'timeout' // connect or whole-download timeout
  | 'http_error' // 4xx/5xx from the server
  | 'not_found' // 404 / no such object or file
  | 'too_many_redirects'
  | 'too_large' // byte cap exceeded
  | 'too_many_pixels' // pixel cap exceeded (decompression bomb)
  | 'not_an_image' // bytes are not a known image format (HTML page, text, …)
  | 'unsupported_format' // a real image format we cannot read (HEIC, AVIF, TIFF, …)
  | 'broken_image' // known format but truncated/corrupt
  | 'missing_permission' // e.g. Slack file served as the login page, S3 AccessDenied
  | 'not_allowed' // a reference the asker may not use: an untrusted bucket, a Slack page, a file from another conversation
  | 'model_unavailable'; // the model could not be loaded

const USER_MESSAGES: Record<ImageErrorCode, string> = {
  bad_url: "That doesn't look like a link I can open. Send an http or https link to a picture.",
  forbidden_scheme: 'I can only open http and https links.',
  private_address: "That link points to a private or internal address, so I won't open it.",
  unresolvable_host: "I couldn't find the site in that link. Check the address and try again.",
  unreachable: "I couldn't reach the site in that link. It may be down — try again later.",
  timeout: 'That picture took too long to download. Try a smaller picture or another link.',
  http_error: "The site wouldn't give me that picture (it answered with an error).",
  not_found: "I couldn't find a picture at that address.",
  too_many_redirects: 'That link redirects too many times, so I gave up following it.',
  too_large: 'That picture is too big for me. Send one under {maxMb} MB.',
  too_many_pixels: 'That picture has too many pixels for me to open safely. Send a smaller one.',
  not_an_image: "That isn't a picture I can read — send a JPEG, PNG, GIF, WebP or BMP.",
  unsupported_format: "I can't read {format} pictures yet — send a JPEG, PNG, GIF, WebP or BMP.",
  broken_image: 'That picture seems to be damaged or incomplete, so I could not open it.',
  missing_permission: "I'm not allowed to open that picture.",
  not_allowed: "I'm not allowed to open that picture.",
  model_unavailable: "I can't look at pictures right now because my image model didn't load. Please try again in a minute.",
};

export class ImageError extends Error {
  readonly code: ImageErrorCode;
  /** The sentence to show the person who sent the image. */
  readonly userMessage: string;

  constructor(code: ImageErrorCode, detail: string, opts: { userMessage?: string; vars?: Record<string, string>; cause?: unknown } = {}) {
    super(detail, { cause: opts.cause });
    this.name = 'ImageError';
    this.code = code;
    this.userMessage = opts.userMessage ?? fillIn(USER_MESSAGES[code], opts.vars ?? {});
  }
}

function fillIn(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
}

export function isImageError(e: unknown): e is ImageError {
  return e instanceof ImageError;
}
