// A Serverless Framework plugin (plugins in serverless.yml), in plain JS as the framework loads it.
// The settings listed in custom.localOnlySettings point a function at the local stack, or hold a
// Slack secret's plain value: they exist only in the `local` stage (npm start). For every other
// stage they are left out of every function's environment before anything is packaged or
// deployed — whatever the shell running `serverless package` or `deploy` holds — so a local
// endpoint, an allow-listed loopback host or a secret can never reach a deployed template.
//
// The settings in custom.stackOwnSettings (MODEL_BUCKET, LEX_BOT_ID, …) may point npm start's
// functions at the local stack's resources; for every other stage they are set back to the
// stack's own resources, the ones its IAM roles grant.
//
// In the local stage, LOCAL_FUNCTIONS (a comma-separated list) keeps only the functions named:
// `npm start` runs the Slack worker in a serverless-offline process of its own, as Lambda runs it
// apart from the receiver, so the receiver's acknowledgements never wait behind a model.
'use strict';

const LOCAL_STAGE = 'local';

class LocalOnlySettings {
  constructor(serverless, _options, { log } = {}) {
    this.serverless = serverless;
    this.log = log;
    this.hooks = { initialize: () => this.leaveOutOfDeployedStage() };
  }

  leaveOutOfDeployedStage() {
    const service = this.serverless.service;
    const names = service.custom && service.custom.localOnlySettings;
    if (!Array.isArray(names) || names.length === 0) {
      throw new this.serverless.classes.Error('custom.localOnlySettings must list the settings that exist only in the local stage');
    }
    const stage = this.serverless.getProvider('aws').getStage();
    if (stage === LOCAL_STAGE) return this.keepLocalFunctions(process.env.LOCAL_FUNCTIONS);
    const environments = [service.provider.environment, ...Object.values(service.functions || {}).map((fn) => fn.environment)];
    this.useStackOwnSettings(stage, environments.filter(Boolean), service.custom.stackOwnSettings || {});
    const held = new Set();
    for (const environment of environments.filter(Boolean)) {
      for (const name of names) {
        if (!(name in environment)) continue;
        if (environment[name] !== '' && environment[name] !== undefined && environment[name] !== null) held.add(name);
        delete environment[name];
      }
    }
    if (held.size > 0 && this.log) {
      this.log.notice(`stage ${stage}: left out ${[...held].join(', ')} from the shell (they exist only in the ${LOCAL_STAGE} stage)`);
    }
  }

  useStackOwnSettings(stage, environments, own) {
    const replaced = new Set();
    for (const environment of environments) {
      for (const [name, value] of Object.entries(own)) {
        if (!(name in environment)) continue;
        if (JSON.stringify(environment[name]) !== JSON.stringify(value)) replaced.add(name);
        environment[name] = JSON.parse(JSON.stringify(value));
      }
    }
    if (replaced.size > 0 && this.log) {
      this.log.notice(`stage ${stage}: ${[...replaced].join(', ')} from the shell replaced by the stack's own resources`);
    }
  }

  keepLocalFunctions(list) {
    if (!list) return;
    const functions = this.serverless.service.functions || {};
    const wanted = list.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = wanted.filter((name) => !(name in functions));
    if (unknown.length > 0) throw new this.serverless.classes.Error(`LOCAL_FUNCTIONS names ${unknown.join(', ')}, which serverless.yml does not define`);
    for (const name of Object.keys(functions)) if (!wanted.includes(name)) delete functions[name];
  }
}

module.exports = LocalOnlySettings;
