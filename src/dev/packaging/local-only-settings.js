// A Serverless Framework plugin (plugins in serverless.yml), in plain JS as the framework loads it.
// The settings listed in custom.localOnlySettings point a function at the local stack, or hold a
// Slack secret's plain value: they exist only in the `local` stage (npm start). For every other
// stage they are left out of every function's environment before anything is packaged or
// deployed — whatever the shell running `serverless package` or `deploy` holds — so a local
// endpoint, an allow-listed loopback host or a secret can never reach a deployed template.
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
    if (stage === LOCAL_STAGE) return;
    const environments = [service.provider.environment, ...Object.values(service.functions || {}).map((fn) => fn.environment)];
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
}

module.exports = LocalOnlySettings;
