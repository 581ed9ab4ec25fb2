/**
 * Checks CloudFormation template files (JSON) offline, e.g. after `npx serverless package`:
 *
 *   npx tsx src/dev/cloudformation/check-template-file.ts [template.json …]
 *
 * Defaults to .serverless/cloudformation-template-update-stack.json. Exit code 0 when every file
 * is clean, 1 when problems were found, 2 when a file could not be read as JSON.
 */
import { answerHelp } from '../command-line';
import { readFile } from 'node:fs/promises';
import { validateTemplate } from './validate-template';

const DEFAULT_TEMPLATE = '.serverless/cloudformation-template-update-stack.json';

async function readTemplate(path: string): Promise<object> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = path === DEFAULT_TEMPLATE ? ' (run `npx serverless package` first)' : '';
    throw new Error(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}${hint}`);
  }
  try {
    return JSON.parse(text) as object;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
}

async function main(paths: string[]): Promise<number> {
  let exitCode = 0;
  for (const path of paths.length > 0 ? paths : [DEFAULT_TEMPLATE]) {
    let template: object;
    try {
      template = await readTemplate(path);
    } catch (error) {
      console.error((error as Error).message);
      exitCode = 2;
      continue;
    }
    const problems = await validateTemplate(template);
    if (problems.length === 0) {
      console.log(`${path}: no problems found`);
      continue;
    }
    console.log(`${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const problem of problems) console.log(`  ${problem}`);
    exitCode = Math.max(exitCode, 1);
  }
  return exitCode;
}

answerHelp(`usage: npm run cfn:check -- [template.json …]

Checks CloudFormation templates offline against the resource schemas (default:
${DEFAULT_TEMPLATE}, written by npx serverless package). Exit code 0 when clean,
1 when problems were found, 2 when a file could not be read as JSON.`);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
