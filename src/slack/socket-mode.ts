/**
 * The same listeners against a real workspace from a laptop, over Socket Mode — no public URL.
 *   SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… npm run slack:socket
 * The app needs Socket Mode switched on (manifest.yml: settings.socket_mode_enabled). Jobs run
 * in this process; Socket Mode redeliveries are rare here because Bolt acknowledges before the
 * listeners run, so there is no event-id table. As in Lambda, each job has a time budget, and
 * the queue is bounded: a burst waits its turn, a flood gets "busy, send it again".
 */
import { SocketModeReceiver } from '@slack/bolt';
import { ConfigError, errorFields, getInference, log } from '../inference';
import { TimeBudget } from '../inference/without-model';
import { inMemoryAnswerLedger } from './answer-ledger';
import { botIdentitySource, type BotIdentitySource } from './bot-identity';
import { busyAnswer } from './budget-answers';
import { parseSocketModeConfig, type SlackConfig } from './config';
import { InProcessDispatcher, type SlackJob } from './dispatcher';
import { planAnswer } from './plan-answer';
import { createSlackApp } from './slack-app';
import { createSlackWebClient } from './web-client';
import { createSlackWorker } from './worker';

/** As long as the worker function's timeout (serverless.yml). */
const JOB_BUDGET_MS = 60_000;
/** One model, two cores: two jobs at once keep both busy; more only wait for the CPU. */
const JOB_LIMITS = { concurrency: 2, maxWaiting: 50 };

async function main(): Promise<void> {
  const config = parseSocketModeConfig(process.env);
  const inference = getInference();
  const client = createSlackWebClient(config);
  const identity = botIdentitySource(config.botIdentity, client, config.botToken);
  const worker = createSlackWorker({ inference, config, client, identity });
  const ledger = inMemoryAnswerLedger();
  const jobs = new InProcessDispatcher(
    async (job) => {
      await worker(job, { budget: TimeBudget.of(JOB_BUDGET_MS), ledger });
    },
    { ...JOB_LIMITS, onFull: (job) => sayBusy(job, config, client, identity) },
  );
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

async function sayBusy(job: SlackJob, config: SlackConfig, client: ReturnType<typeof createSlackWebClient>, identity: BotIdentitySource): Promise<void> {
  const decision = planAnswer(job.envelope.event, await identity.get(), config.imageChannels);
  if ('ignore' in decision) return;
  const { channel, threadTs } = decision.answer;
  await client.chat.postMessage({ channel, thread_ts: threadTs, text: busyAnswer().text });
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else log('error', 'Socket Mode app failed to start', errorFields(e));
  process.exit(1);
});
