/**
 * The Lex bot's CloudFormation resources for serverless.yml: `${file(./bots/cloudformation.js)}`.
 * The bot itself is the data beside this file; the generator is TypeScript, loaded through tsx
 * without registering it for the rest of the Serverless process.
 */
'use strict';

const tsx = require('tsx/cjs/api');

/** serverless.yml's function key `lexFulfilment` becomes this logical id. */
const FULFILMENT_FUNCTION_LOGICAL_ID = 'LexFulfilmentLambdaFunction';

module.exports = async ({ resolveVariable }) => {
  const { botCloudFormationResources } = tsx.require('../src/lex/bot-definition/cloudformation.ts', __filename);
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  return botCloudFormationResources({
    fulfilmentFunctionLogicalId: FULFILMENT_FUNCTION_LOGICAL_ID,
    // Bot names are unique per account and region: one bot per stage.
    botName: `${service}-${stage}`,
  });
};
