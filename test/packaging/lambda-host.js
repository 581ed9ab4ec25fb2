// Hosts one unzipped Lambda handler in its own process, the way the Node.js runtime does: the
// handler named by _HANDLER is loaded from LAMBDA_TASK_ROOT at start, then each invocation arrives
// over IPC and is answered there. Plain JavaScript with nothing but node: built-ins, so everything
// the handler loads comes from the unzipped artifact.
'use strict';

const { join, relative, isAbsolute } = require('node:path');

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSpec = process.env._HANDLER;
const timeoutMs = Number(process.env.WHATSTHAT_FUNCTION_TIMEOUT_MS);

function errorOf(e) {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: 'Error', message: String(e) };
}

/** `src/lex/handler.handler` → the export `handler` of `<task root>/src/lex/handler.js`. */
function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const module = require(join(taskRoot, `${handlerSpec.slice(0, dot)}.js`));
  const handler = module[handlerSpec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${handlerSpec} is not a function in the artifact`);
  return handler;
}

/** Every module file loaded so far (this host script aside): inside the artifact relative to it, others absolute. */
function loadedModules() {
  return Object.keys(require.cache)
    .filter((file) => file !== __filename)
    .map((file) => {
      const inside = relative(taskRoot, file);
      return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
    });
}

function contextFor(invocation) {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.requestId,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'packaged-artifact-test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

let handler;
try {
  handler = loadHandler();
  process.send({ type: 'ready' });
} catch (e) {
  process.send({ type: 'init-error', error: errorOf(e) });
}

process.on('message', (message) => {
  if (message.type === 'modules') {
    process.send({ type: 'modules', id: message.id, files: loadedModules() });
    return;
  }
  if (message.type !== 'invoke' || handler === undefined) return;
  Promise.resolve()
    .then(() => handler(message.event, contextFor(message)))
    .then(
      (result) => process.send({ type: 'result', id: message.id, result: result === undefined ? null : result }),
      (e) => process.send({ type: 'result', id: message.id, error: errorOf(e) }),
    );
});

// Lambda keeps a warm process for the next event; here the test's disconnect ends it.
process.on('disconnect', () => process.exit(0));
