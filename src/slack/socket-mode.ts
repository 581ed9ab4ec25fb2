/**
 * The same listeners against a real workspace from a laptop, over Socket Mode — no public URL.
 *   SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… npm run slack:socket
 * The app needs Socket Mode switched on (manifest.yml: settings.socket_mode_enabled). Jobs run
 * in this process; Socket Mode redeliveries are rare here because Bolt acknowledges before the
 * listeners run, so there is no event-id table.
 */
import { SocketModeReceiver } from '@slack/bolt';
import { ConfigError, errorFields, getInference, log } from '../inference';
import { botIdentitySource } from './bot-identity';
import { parseSocketModeConfig } from './config';
import { InProcessDispatcher } from './dispatcher';
import { createSlackApp } from './slack-app';
import { createSlackWebClient } from './web-client';
import { createSlackWorker } from './worker';

async function main(): Promise<void> {
  const config = parseSocketModeConfig(process.env);
  const inference = getInference();
  const client = createSlackWebClient(config);
  const identity = botIdentitySource(config.botIdentity, client, config.botToken);
  const jobs = new InProcessDispatcher(createSlackWorker({ inference, config, client, identity }));
  const receiver = new SocketModeReceiver({
    appToken: config.appToken,
    // SLACK_API_URL wins here too: apps.connections.open goes where every other call goes.
    ...(config.apiUrl !== undefined ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}),
  });
  const app = createSlackApp({ config, receiver, dispatcher: jobs, identity });

  const me = await identity.get();
  await inference.warmUp();
  await app.start();
  log('info', 'connected to Slack over Socket Mode', { botUserId: me.botUserId });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping: finishing the answers in progress');
    void app
      .stop()
      .then(() => jobs.idle())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else log('error', 'Socket Mode app failed to start', errorFields(e));
  process.exit(1);
});
