/**
 * The chat page's script (bundled for the browser by esbuild): a conversation with the Lex bot
 * through POST /chat, pictures from the device uploaded through POST /uploads' presigned form.
 */
import type { ApiErrorBody, ChatMessage, ChatReply, ChatRequest, Guesses, UploadGrant } from '../web-api-types';
import { boxStyle } from './geometry';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'];
const QUESTION_ABOUT_UPLOAD = "what's in this picture?";
const NETWORK_TROUBLE = "I couldn't reach the server. Check your connection and try again.";
const UPLOAD_TROUBLE = "I couldn't upload that picture. Check your connection and try again.";

const conversation = element<HTMLOListElement>('conversation');
const composer = element<HTMLFormElement>('composer');
const message = element<HTMLTextAreaElement>('message');
const picture = element<HTMLInputElement>('picture');
const dropZone = element<HTMLElement>('drop-zone');
const dropHint = element<HTMLElement>('drop-hint');

/** One Lex session per browser tab, kept across reloads of the page. */
const sessionId = sessionStorage.getItem('whatsthat-session') ?? `web-${crypto.randomUUID()}`;
sessionStorage.setItem('whatsthat-session', sessionId);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function bubble(who: 'you' | 'bot', ...children: (Node | string)[]): HTMLLIElement {
  const li = document.createElement('li');
  li.className = who;
  li.append(...children);
  conversation.append(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}

function botSays(text: string, opts: { error?: boolean } = {}): HTMLLIElement {
  const li = bubble('bot', text);
  if (opts.error) li.classList.add('error');
  return li;
}

/** "…" while the bot works; not announced (the answer is). */
function pending(): HTMLLIElement {
  const li = bubble('bot', 'Looking…');
  li.classList.add('pending');
  li.setAttribute('aria-hidden', 'true');
  conversation.setAttribute('aria-busy', 'true');
  return li;
}

function done(li: HTMLLIElement): void {
  li.remove();
  conversation.removeAttribute('aria-busy');
}

async function postJson<T>(path: string, body: unknown): Promise<{ ok: true; value: T } | { ok: false; sentence: string }> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, sentence: NETWORK_TROUBLE };
  }
  const json = (await response.json().catch(() => undefined)) as T | ApiErrorBody | undefined;
  if (response.ok && json !== undefined) return { ok: true, value: json as T };
  const sentence = (json as ApiErrorBody | undefined)?.error?.message;
  if (sentence) return { ok: false, sentence };
  return { ok: false, sentence: response.status === 429 ? 'Lots of people are asking right now. Try again in a few seconds.' : NETWORK_TROUBLE };
}

/** Sends one turn; `shown` is what the conversation shows as the person's words. */
async function ask(text: string, opts: { imageUrl?: string; picture?: string; shown?: string } = {}): Promise<void> {
  const request: ChatRequest = { sessionId, text, ...(opts.imageUrl ? { imageUrl: opts.imageUrl } : {}) };
  if (opts.shown !== '') bubble('you', opts.shown ?? text);
  const waiting = pending();
  const reply = await postJson<ChatReply>('chat', request);
  done(waiting);
  if (!reply.ok) {
    botSays(reply.sentence, { error: true });
    return;
  }
  showReply(reply.value, opts.picture);
}

function showReply(reply: ChatReply, pictureUrl: string | undefined): void {
  if (reply.messages.length === 0) botSays("I didn't get an answer from the bot. Try asking again.", { error: true });
  for (const m of reply.messages) showMessage(m);
  if (reply.guesses) {
    const li = conversation.lastElementChild as HTMLLIElement;
    li.append(guessBars(reply.guesses));
    const shown = pictureUrl ?? firstCardImage(reply.messages);
    if (shown && reply.guesses.objects?.length) li.append(markedUp(shown, reply.guesses));
    li.scrollIntoView({ block: 'end' });
  }
}

function firstCardImage(messages: ChatMessage[]): string | undefined {
  for (const m of messages) if (m.type === 'card' && m.imageUrl) return m.imageUrl;
  return undefined;
}

function showMessage(m: ChatMessage): void {
  if (m.type === 'text') {
    botSays(m.text);
    return;
  }
  const title = document.createElement('div');
  title.className = 'card-title';
  title.textContent = m.title;
  const parts: Node[] = [title];
  if (m.subtitle) {
    const subtitle = document.createElement('div');
    subtitle.className = 'card-subtitle';
    subtitle.textContent = m.subtitle;
    parts.push(subtitle);
  }
  if (m.buttons.length > 0) {
    const buttons = document.createElement('div');
    buttons.className = 'card-buttons';
    buttons.setAttribute('role', 'group');
    buttons.setAttribute('aria-label', 'Suggested replies');
    for (const b of m.buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.text;
      button.addEventListener('click', () => void ask(b.value, { shown: b.text }));
      buttons.append(button);
    }
    parts.push(buttons);
  }
  bubble('bot', ...parts);
}

/** The best guess and the runners-up as small bars; the numbers are in the text for screen readers. */
function guessBars(guesses: Guesses): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'guesses';
  list.setAttribute('aria-label', 'Best guess and runners-up');
  for (const g of [guesses, ...guesses.runnersUp]) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = g.label;
    li.append(label);
    if (g.probability !== undefined && g.percent !== undefined) {
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.style.width = `${Math.max(1, Math.round(g.probability * 100))}%`;
      bar.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = g.percent;
      li.append(bar, value);
    }
    list.append(li);
  }
  return list;
}

/** The picture with each detected object outlined and labelled. */
function markedUp(src: string, guesses: Guesses): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'marked-up';
  const img = document.createElement('img');
  img.src = src;
  const names = (guesses.objects ?? []).map((o) => `${o.boxes.length} ${o.label}`).join(', ');
  img.alt = `The picture with the objects I found outlined: ${names}`;
  figure.append(img);
  for (const o of guesses.objects ?? []) {
    for (const box of o.boxes) {
      const outline = document.createElement('div');
      outline.className = 'box';
      Object.assign(outline.style, boxStyle(box));
      outline.setAttribute('aria-hidden', 'true');
      const tag = document.createElement('span');
      tag.textContent = o.label;
      outline.append(tag);
      figure.append(outline);
    }
  }
  return figure;
}

async function askAboutFile(file: File): Promise<void> {
  const thumbnail = document.createElement('img');
  thumbnail.className = 'thumbnail';
  const localUrl = URL.createObjectURL(file);
  thumbnail.src = localUrl;
  thumbnail.alt = `Your picture: ${file.name}`;
  const fileName = `File: ${file.name}`;
  // What the browser cannot show is named instead (the bot will say why it cannot read it either).
  thumbnail.addEventListener('error', () => thumbnail.replaceWith(fileName), { once: true });
  bubble('you', ACCEPTED.includes(file.type) ? thumbnail : fileName);
  const waiting = pending();
  // The server words the refusal (type, size) the same way as every channel.
  const grant = await postJson<UploadGrant>('uploads', { contentType: file.type || 'application/octet-stream', size: file.size });
  if (!grant.ok) {
    done(waiting);
    botSays(grant.sentence, { error: true });
    return;
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.value.fields)) form.append(name, value);
  form.append('file', file);
  const uploaded = await fetch(grant.value.url, { method: 'POST', body: form }).then(
    (r) => r.ok,
    () => false,
  );
  done(waiting);
  if (!uploaded) {
    botSays(UPLOAD_TROUBLE, { error: true });
    return;
  }
  await ask(QUESTION_ABOUT_UPLOAD, { imageUrl: grant.value.reference, picture: localUrl, shown: '' });
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = message.value.trim();
  if (text === '') return;
  message.value = '';
  void ask(text);
});

message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

picture.addEventListener('change', () => {
  const file = picture.files?.[0];
  picture.value = '';
  if (file) void askAboutFile(file);
});

dropZone.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  dropZone.classList.add('dragging');
  dropHint.hidden = false;
});
dropZone.addEventListener('dragleave', (event) => {
  if (event.relatedTarget && dropZone.contains(event.relatedTarget as Node)) return;
  dropZone.classList.remove('dragging');
  dropHint.hidden = true;
});
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  dropHint.hidden = true;
  const file = event.dataTransfer?.files[0];
  if (file) void askAboutFile(file);
});

botSays('Hi! Send me a link to a picture, or add one from your device, and I will tell you what is in it.');
