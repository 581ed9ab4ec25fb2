import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/dev/cloudformation/check-template-file.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('check-template-file CLI', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'whatsthat-cfn-cli-'));
    writeFileSync(join(directory, 'good.json'), JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'x' } } } }));
    writeFileSync(join(directory, 'bad.json'), JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicNam: 'x' } } } }));
    writeFileSync(join(directory, 'broken.json'), '{ "Resources": ');
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test('exits 0 for a clean template and 1 listing the problems of a bad one', async () => {
    const run = await check(['good.json', 'bad.json'], directory);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'good.json: no problems found',
        'bad.json: 1 problem',
        '  Resources.Topic (AWS::SNS::Topic) Properties.TopicNam: unknown property of AWS::SNS::Topic (did you mean TopicName?)',
        '',
      ].join('\n'),
    );
  });

  test('explains files it cannot read, checks the rest, and exits 2', async () => {
    const run = await check(['broken.json', 'good.json'], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^broken\.json is not JSON: /);
    expect(run.stdout).toBe('good.json: no problems found\n');
  });

  test('defaults to the template serverless package writes, and says how to produce it', async () => {
    const run = await check([], directory);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'cannot read .serverless/cloudformation-template-update-stack.json: no such file (run `npx serverless package` first)',
    );
  });
});
