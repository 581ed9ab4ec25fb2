import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCOPES } from '../../src/dev/slack-simulator/web-api';

// js-yaml comes with the Serverless Framework and ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Manifest {
  features: { bot_user: { display_name: string }; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; socket_mode_enabled: boolean };
}

const manifest = yaml.load(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as Manifest;

// Each event subscription needs its scope (Slack refuses the manifest otherwise).
const SCOPE_FOR_EVENT: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
};

test('the manifest asks for exactly the scopes the simulator grants (the ones the tests prove enough)', () => {
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...DEFAULT_SCOPES].sort());
});

test('it subscribes to mentions and to messages everywhere the bot can be, each with its scope', () => {
  expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(Object.keys(SCOPE_FOR_EVENT).sort());
  for (const event of manifest.settings.event_subscriptions.bot_events) expect(manifest.oauth_config.scopes.bot).toContain(SCOPE_FOR_EVENT[event]);
});

test('a bot user people can message, the events path of serverless.yml, Socket Mode off', () => {
  expect(manifest.features.bot_user.display_name).toBe('whatsthat');
  expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
  expect(manifest.settings.socket_mode_enabled).toBe(false);
});
